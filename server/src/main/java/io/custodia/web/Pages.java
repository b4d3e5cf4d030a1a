package io.custodia.web;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * After a form: back to a page (a redirect, so that reloading it sends nothing twice) with a word
 * on what happened, shown once in the page's language (the {@code notice.*} messages).
 */
final class Pages {
    private Pages() {}

    static String saved(RedirectAttributes redirect, String path) {
        return after(redirect, "saved", path);
    }

    static String deleted(RedirectAttributes redirect, String path) {
        return after(redirect, "deleted", path);
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

    private static String after(RedirectAttributes redirect, String notice, String path) {
        redirect.addFlashAttribute("notice", notice);
        return "redirect:" + path;
    }
}
