package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The people pickers' search-as-you-type: the first people whose name or e-mail holds what was
 * typed, as choices for a form's field, drawn from the API's own search of the directory (so
 * whoever may not list people lists no one here either).
 */
@Controller
@io.custodia.platform.ConsolePage
class PickerPages {
    /** How many people a picker offers at once: typing more narrows them down. */
    static final int SHOWN = 10;

    /** A form field's name, as the forms name them (ownerId, userId): anything else names no field. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");

    private final ConsoleApi api;

    PickerPages(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/pickers/people")
    String people(
            @RequestParam(defaultValue = "") String field,
            @RequestParam(name = Picker.TYPED, defaultValue = "") String typed,
            @RequestParam(defaultValue = "false") boolean required,
            Model model) {
        List<Json> people = List.of();
        String said = "picker.type";
        if (FIELD.matcher(field).matches() && !typed.isBlank()) {
            try {
                people = api.get("/api/v1/users", query("q", typed.strip(), "limit", SHOWN))
                        .items();
                said = "users.none";
            } catch (ConsoleApi.Problem refused) {
                // INVARIANT: a refusal (or a search the API cannot run) offers no one, never everyone.
                said = refused.status == 403 ? "picker.notAllowed" : "users.none";
            }
        }
        model.addAttribute("field", field);
        model.addAttribute("required", required);
        model.addAttribute("people", people);
        model.addAttribute("said", said);
        return "pickers/people";
    }
}
