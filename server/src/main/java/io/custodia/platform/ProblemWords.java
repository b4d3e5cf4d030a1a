package io.custodia.platform;

import io.custodia.policy.ConversationState;
import io.custodia.policy.EntityType;
import io.custodia.policy.ListLevel;
import java.util.Locale;

/**
 * The words a problem's detail says of a record type, a state or a level (issue #28): each is a
 * {@link ProblemText} of its own, so that "deal 3f… does not exist" reads "negócio 3f… não existe"
 * in Portuguese. Keys a client sends (a permission such as {@code deal.update}, a field) are not
 * words and stay as they are; these are the names of things in a sentence.
 */
public final class ProblemWords {
    private ProblemWords() {}

    /** The record type's name: "deal", in Portuguese "negócio". */
    public static ProblemText entity(EntityType type) {
        return switch (type) {
            case CONTACT -> ProblemText.of("contact");
            case COMPANY -> ProblemText.of("company");
            case DEAL -> ProblemText.of("deal");
            case ACTIVITY -> ProblemText.of("activity");
            case NOTE -> ProblemText.of("note");
        };
    }

    /** A level on a shared list, as its API value in English ({@code EDIT}) and as a word in Portuguese. */
    public static ProblemText listLevel(ListLevel level) {
        if (level == null) {
            return ProblemText.of("not on the list");
        }
        return switch (level) {
            case VIEW -> ProblemText.of("VIEW");
            case EDIT -> ProblemText.of("EDIT");
            case DELETE -> ProblemText.of("DELETE");
            case MANAGER -> ProblemText.of("MANAGER");
            case OWNER -> ProblemText.of("OWNER");
        };
    }

    /** A conversation's state, as "the conversation is already {0}" says it. */
    public static ProblemText conversationState(ConversationState state) {
        return switch (state) {
            case OPEN -> ProblemText.of("open");
            case COMPLETED -> ProblemText.of("completed");
        };
    }

    /** A background job's state ({@code RUNNING}...), as "the job is {0}" says it. */
    public static ProblemText jobState(String state) {
        return switch (state) {
            case "RUNNING" -> ProblemText.of("running");
            case "DONE" -> ProblemText.of("done");
            case "FAILED" -> ProblemText.of("failed");
            case "STOPPED" -> ProblemText.of("stopped");
            default -> ProblemText.of("{0}", state.toLowerCase(Locale.ROOT));
        };
    }

    /** An access request's decided state ({@code APPROVED}, {@code DENIED}), as "the request was already {0}" says it. */
    public static ProblemText requestState(String state) {
        return switch (state) {
            case "APPROVED" -> ProblemText.of("approved");
            case "DENIED" -> ProblemText.of("denied");
            default -> ProblemText.of("{0}", state.toLowerCase(Locale.ROOT));
        };
    }
}
