package io.custodia.web;

import java.util.Map;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * After a form: back to a page (a redirect, so that reloading it sends nothing twice) with a word
 * on what happened, shown once in the page's language (the {@code notice.*} messages); and what
 * forms put into the API's bodies alike.
 */
final class Pages {
    private Pages() {}

    /**
     * A form's end of a grant (a {@code datetime-local} field, read as UTC, as the form says) into
     * the API's body, when one is given: the API checks it (422 for one past or beyond 9999).
     */
    static void putExpiry(Map<String, Object> body, String expiresAt) {
        if (expiresAt != null && !expiresAt.isBlank()) {
            body.put("expiresAt", expiresAt.strip() + "Z");
        }
    }

    static String saved(RedirectAttributes redirect, String path) {
        return after(redirect, "saved", path);
    }

    static String deleted(RedirectAttributes redirect, String path) {
        return after(redirect, "deleted", path);
    }

    /** Something that had no recycle bin to go to (a sharing rule) is gone. */
    static String removed(RedirectAttributes redirect, String path) {
        return after(redirect, "removed", path);
    }

    static String moved(RedirectAttributes redirect, String path) {
        return after(redirect, "moved", path);
    }

    static String asked(RedirectAttributes redirect, String path) {
        return after(redirect, "asked", path);
    }

    static String revoked(RedirectAttributes redirect, String path) {
        return after(redirect, "revoked", path);
    }

    /** Something that ran by itself (the access review schedule) runs no more. */
    static String stopped(RedirectAttributes redirect, String path) {
        return after(redirect, "stopped", path);
    }

    private static String after(RedirectAttributes redirect, String notice, String path) {
        redirect.addFlashAttribute("notice", notice);
        return "redirect:" + path;
    }
}
