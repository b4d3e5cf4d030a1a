package io.custodia.records;

import io.custodia.platform.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/**
 * An import's body as text: in the charset its Content-Type declares (UTF-8 when none), without
 * the byte-order mark spreadsheets write first. Bytes that are not that charset are refused with
 * 400 naming the line, rather than stored as U+FFFD in place of what the file meant to say.
 */
final class CsvText {
    private CsvText() {}

    static String of(byte[] body, String contentType) {
        MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
        Charset charset = type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(body.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw ApiProblem.badRequest(
                    "the body is not valid {0}: line {1} has bytes that are not (send the file as {2}, or name its charset in the Content-Type)",
                    charset.name(), lineAt(body, in.position()), charset.name());
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The line (the first is 1) holding the byte at this position. */
    private static long lineAt(byte[] body, int position) {
        long line = 1;
        for (int i = 0; i < position && i < body.length; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
