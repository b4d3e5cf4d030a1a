package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import io.custodia.platform.ConsolePage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pickers' search: the first people (or departments, or teams) whose name (or e-mail) holds
 * what was typed, as choices for a form's field, drawn from the API's own search (so whoever may
 * not list them lists nothing here either). As the person types, a fragment; without JavaScript,
 * the picker's search button asks {@code /pickers/find}, which draws the same choices in the page.
 */
@Controller
@ConsolePage
class PickerPages {
    /** How many choices a picker offers at once: typing more narrows them down. */
    static final int SHOWN = 10;

    /** A form field's name, as the forms name them (ownerId, userId): anything else names no field. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");

    /** Where a picker searches, as {@link Picker#source()} says it: nothing else is searched. */
    private static final Pattern SOURCE = Pattern.compile(
            "/pickers/(?:(departments)|(teams)|people(?:\\?teamId=([0-9a-fA-F-]{36})|\\?(active)=true)?)");

    /** A picker's id on its page, as the pages name them (f-owner, tm-3f2c...). */
    private static final Pattern PICKER_ID = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,60}");

    private final ConsoleApi api;

    PickerPages(ConsoleApi api) {
        this.api = api;
    }

    /** The prefix of a picker's words in the messages, after where it searches. */
    static String words(String source) {
        return source.startsWith("/pickers/departments")
                ? "pickerDepartments"
                : source.startsWith("/pickers/teams") ? "pickerTeams" : "picker";
    }

    /** People; only a team's members with {@code teamId}, only active people with {@code active}. */
    @GetMapping("/pickers/people")
    String people(
            @RequestParam(defaultValue = "") String field,
            @RequestParam(name = Picker.TYPED, defaultValue = "") String typed,
            @RequestParam(defaultValue = "false") boolean required,
            @RequestParam(required = false) UUID teamId,
            @RequestParam(defaultValue = "false") boolean active,
            Model model) {
        String source = Picker.PEOPLE + (teamId != null ? "?teamId=" + teamId : active ? "?active=true" : "");
        return fragment(field, required, search("", source, FIELD.matcher(field).matches() ? typed : ""), model);
    }

    /** Departments or teams, by name. */
    @GetMapping("/pickers/{kind:departments|teams}")
    String groups(
            @PathVariable String kind,
            @RequestParam(defaultValue = "") String field,
            @RequestParam(name = Picker.TYPED, defaultValue = "") String typed,
            @RequestParam(defaultValue = "false") boolean required,
            Model model) {
        return fragment(
                field,
                required,
                search("", "/pickers/" + kind, FIELD.matcher(field).matches() ? typed : ""),
                model);
    }

    /**
     * The search button of a picker, for someone without JavaScript: the page's pickers send their
     * ids and sources ({@code _pickers}, "id source") and what was typed in each ({@code _typed}), in
     * the page's order, and {@code _find} names the one whose button was pressed. Its choices are
     * kept for the page it came from, which draws them under the box.
     */
    @GetMapping("/pickers/find")
    String find(
            @RequestParam(name = "_find", defaultValue = "") String find,
            @RequestParam(name = "_pickers", required = false) List<String> pickers,
            @RequestParam(name = Picker.TYPED, required = false) List<String> typed,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        List<String> ids = pickers == null ? List.of() : pickers;
        List<String> texts = typed == null ? List.of() : typed;
        for (int i = 0; i < ids.size() && i < texts.size(); i++) {
            String[] picker = ids.get(i).split(" ", 2);
            if (picker.length == 2
                    && picker[0].equals(find)
                    && PICKER_ID.matcher(find).matches()) {
                redirect.addFlashAttribute("pickerFound", search(find, picker[1], texts.get(i)));
                break;
            }
        }
        return "redirect:" + ConsoleAdvice.backTo(request);
    }

    private static String fragment(String field, boolean required, PickerFound found, Model model) {
        model.addAttribute("field", field);
        model.addAttribute("required", required);
        model.addAttribute("found", found);
        return "pickers/people";
    }

    /** The first choices the source offers for the text; none for an unknown source or no text. */
    private PickerFound search(String pickerId, String source, String typed) {
        String words = words(source);
        Matcher which = SOURCE.matcher(source);
        if (typed.isBlank() || !which.matches()) {
            return new PickerFound(pickerId, typed, List.of(), words + ".type");
        }
        String path = which.group(1) != null
                ? "/api/v1/departments"
                : which.group(2) != null ? "/api/v1/teams" : "/api/v1/users";
        Map<String, Object> search = query(
                "q",
                typed.strip(),
                "limit",
                path.equals("/api/v1/users") ? SHOWN : null,
                "teamId",
                which.group(3),
                "status",
                which.group(4) != null ? "active" : null);
        try {
            List<PickerFound.Choice> choices = api.get(path, search).items().stream()
                    .limit(SHOWN)
                    .map(PickerFound.Choice::of)
                    .toList();
            return new PickerFound(pickerId, typed, choices, words + ".none");
        } catch (ConsoleApi.Problem refused) {
            // INVARIANT: a refusal (or a search the API cannot run) offers nothing, never everything.
            return new PickerFound(
                    pickerId, typed, List.of(), refused.status == 403 ? words + ".notAllowed" : words + ".none");
        }
    }
}
