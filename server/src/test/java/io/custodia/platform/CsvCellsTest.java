package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvCellsTest {
    private static final String ALPHABET = "'=+-@\t\ra;";

    /** Every text of up to five characters over the characters that matter. */
    private static List<String> texts() {
        List<String> all = new ArrayList<>(List.of(""));
        List<String> last = List.of("");
        for (int length = 1; length <= 5; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : last) {
                for (char c : ALPHABET.toCharArray()) {
                    next.add(prefix + c);
                }
            }
            all.addAll(next);
            last = next;
        }
        return all;
    }

    @Test
    void noCellBeginsLikeAFormulaAndTheImportGivesBackEveryText() {
        List<String> texts = texts();
        for (String text : texts) {
            String cell = (String) CsvCells.cell(text);
            for (String piece : cell.split(";", -1)) {
                assertThat(piece.isEmpty() || "=+-@\t\r".indexOf(piece.charAt(0)) < 0)
                        .as(
                                "[%s] written as [%s]: a cell where a spreadsheet splits at commas or semicolons",
                                text, cell)
                        .isTrue();
            }
            assertThat(CsvCells.original(cell)).as("[%s] read back", text).isEqualTo(text);
        }
        assertThat(texts).hasSize(1 + 9 + 81 + 729 + 6561 + 59049);
    }

    @Test
    void numbersDatesAndIdsAreLeftAlone() {
        assertThat(CsvCells.cell(new BigDecimal("-100"))).isEqualTo(new BigDecimal("-100"));
        assertThat(CsvCells.cell(null)).isNull();
        assertThat(CsvCells.cell("-100")).isEqualTo("'-100");
        assertThat(CsvCells.original(null)).isNull();
        assertThat(CsvCells.cell("x;=1+1")).isEqualTo("x;'=1+1");
    }
}
