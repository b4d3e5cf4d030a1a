package io.custodia.web;

import io.custodia.platform.ConsolePage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The access review schedule in the console (access-model, "Access review campaigns"): a role
 * manager sees it, sets or replaces it, and stops it after confirming. The API decides who may and
 * checks every value; these pages show what it answers.
 */
@Controller
@ConsolePage
class ReviewSchedulePages {
    static final String PAGE = "/access/reviews/schedule";
    private static final String API = "/api/v1/access/review-schedule";

    private final ConsoleApi api;
    private final Directory directory;

    ReviewSchedulePages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping(PAGE)
    String schedule(Model model) {
        Json schedule = current();
        model.addAttribute("schedule", schedule);
        model.addAttribute("departments", directory.departments());
        model.addAttribute("names", names(schedule));
        return "access/reviewSchedule";
    }

    @PostMapping(PAGE)
    String set(
            @RequestParam String everyMonths,
            @RequestParam String kind,
            @RequestParam(required = false) String departmentId,
            @RequestParam String onTimeout,
            @RequestParam(required = false) String reviewerId,
            @RequestParam String daysToDecide,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("everyMonths", number(everyMonths));
        body.put("scope", ReviewCampaignPages.scope(kind, departmentId));
        body.put("onTimeout", onTimeout);
        if (reviewerId != null && !reviewerId.isBlank()) {
            body.put("reviewerId", reviewerId);
        }
        body.put("daysToDecide", number(daysToDecide));
        api.put(API, body);
        return Pages.saved(redirect, PAGE);
    }

    /** Asks before stopping: what stops, and that the campaigns already started go on. */
    @GetMapping(PAGE + "/stop")
    String confirmStop(Model model) {
        Json schedule = api.get(API);
        model.addAttribute("schedule", schedule);
        model.addAttribute("departments", directory.departments());
        model.addAttribute("names", names(schedule));
        return "access/reviewScheduleStop";
    }

    @PostMapping(PAGE + "/stop")
    String stop(RedirectAttributes redirect) {
        api.delete(API);
        return Pages.stopped(redirect, PAGE);
    }

    /** The schedule, or nothing when none is set (the API's 404); any other refusal is the page's. */
    private Json current() {
        try {
            return api.get(API);
        } catch (ConsoleApi.Problem refused) {
            if (refused.status == 404) {
                return Json.of(null);
            }
            throw refused;
        }
    }

    /** The names of the schedule's reviewer and setter. */
    private Map<String, String> names(Json schedule) {
        return directory.namesOf(List.of(schedule.s("reviewerId"), schedule.s("setBy")));
    }

    /**
     * A number field as the API's body takes it: a whole number as a number, anything else as
     * typed (blank as absent), so that the API names what is wrong with it in its own words.
     */
    private static Object number(String typed) {
        String value = typed.strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException notAWholeNumber) {
            return value;
        }
    }
}
