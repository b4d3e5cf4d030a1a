package io.custodia.web;

import java.io.Serializable;
import java.util.List;

/**
 * What a picker found: the choices (at most {@link PickerPages#SHOWN}) and, when there are none,
 * the message key saying why. As the search-as-you-type fragment draws it, and as a page draws it
 * in place for someone without JavaScript, after the picker's search button (kept for one redirect,
 * hence serializable).
 */
public record PickerFound(String pickerId, String typed, List<Choice> choices, String said) implements Serializable {
    public PickerFound {
        choices = List.copyOf(choices);
    }

    /** One choice: its id, its name, and what tells it apart (a person's e-mail; empty otherwise). */
    public record Choice(String id, String name, String detail) implements Serializable {
        static Choice of(Json item) {
            return new Choice(item.s("id"), item.s("name"), item.s("email"));
        }
    }
}
