package io.custodia.web;

import io.custodia.policy.EntityType;
import io.custodia.policy.SystemPermission;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.context.MessageSource;

/**
 * What every page is drawn with: the person signed in, their language (labels, dates, numbers and
 * money in it), the form protection token, and a message for the page (a saved change, an error).
 */
public final class View {
    // Languages times ISO currencies (an unknown code throws and is not kept): bounded. Shared
    // prototypes, only ever cloned.
    private static final Map<List<Object>, NumberFormat> MONEY_FORMATS = new ConcurrentHashMap<>();

    private final MessageSource messages;
    private final Locale locale;
    private final ZoneId zone;
    private final String csrfName;
    private final String csrfToken;
    private final String path;
    private final String userName;
    private final Set<String> permissions;
    private final String notice;
    private final String error;
    private final PickerFound pickerFound;
    // A view draws one page on one thread, so its formats need no locking.
    private final Map<String, NumberFormat> moneyFormats = new HashMap<>();
    private DateTimeFormatter dateFormat;

    View(
            MessageSource messages,
            Locale locale,
            ZoneId zone,
            String csrfName,
            String csrfToken,
            String path,
            String userName,
            Set<String> permissions,
            String notice,
            String error,
            PickerFound pickerFound) {
        this.messages = messages;
        this.locale = locale;
        this.zone = zone;
        this.csrfName = csrfName;
        this.csrfToken = csrfToken;
        this.path = path;
        this.userName = userName;
        this.permissions = permissions;
        this.notice = notice;
        this.error = error;
        this.pickerFound = pickerFound;
    }

    /**
     * What the picker's search button found, for someone without JavaScript (the page draws it
     * under the picker's box), or null: nothing was searched for this picker.
     */
    public PickerFound found(String pickerId) {
        return pickerFound != null && pickerFound.pickerId().equals(pickerId) ? pickerFound : null;
    }

    /** The label {@code key} in the page's language, with {0}, {1}... filled in. */
    public String t(String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** The scopes an app may ask for: the record types' (from the registry), then users:read. */
    public List<String> appScopes() {
        List<String> scopes = new ArrayList<>();
        for (EntityType type : EntityType.values()) {
            scopes.addAll(type.appScopes());
        }
        scopes.add("users:read");
        return scopes;
    }

    /** The label for a value of the API ({@code prefix.value}), or the value itself when it has none. */
    public String label(String prefix, String value) {
        return messages.getMessage(prefix + "." + value, null, value, locale);
    }

    /**
     * An explanation's sentence in the page's language, from the engine's phrases (code and typed
     * arguments; docs/api.md, "Explain"): levels, actions, record types and classes are translated
     * as the console labels them, instants written as the page writes dates. Empty when there are
     * none (a conversation's explanation), so the caller shows the engine's own words instead.
     */
    public String phrases(List<Json> phrases) {
        StringBuilder sentence = new StringBuilder();
        for (Json phrase : phrases) {
            Object[] args = phrase.list("args").stream()
                    .map(a -> switch (a.s("kind")) {
                        case "level" -> label("level", a.s("value"));
                        case "action" -> label("action", a.s("value")).toLowerCase(locale);
                        case "entity" -> label("entity", a.s("value")).toLowerCase(locale);
                        case "shareLevel" -> label("share", a.s("value"));
                        case "listLevel" -> label("listLevel", a.s("value"));
                        case "class" -> label("candidateClass", a.s("value"));
                        case "visibility" -> label("visibility", a.s("value"));
                        case "instant" -> date(a.s("value"));
                        default -> a.s("value");
                    })
                    .toArray();
            sentence.append(t("explain." + phrase.s("code"), args));
        }
        return sentence.toString();
    }

    /** What brought a role to a person ("departamento Vendas e seus subdepartamentos"), from an explanation's {@code held}. */
    public String held(Json held) {
        String by = held.s("by");
        StringBuilder text = new StringBuilder(
                by.equals("personally") || by.equals("everyone")
                        ? t("held." + by)
                        : t("held." + by, held.s("groupName")));
        if (held.bool("withSubdepartments")) {
            text.append(t("held.subtree"));
        }
        if (held.has("until")) {
            text.append(t("explain.until", date(held.s("until"))));
        }
        return text.toString();
    }

    public String lang() {
        return locale.toLanguageTag();
    }

    /** The other language the console speaks, for the switch in the header. */
    public String otherLang() {
        return Languages.PORTUGUESE.equals(locale) ? "en" : "pt-BR";
    }

    public String date(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            if (dateFormat == null) {
                dateFormat = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                        .withLocale(locale);
            }
            return dateFormat.format(instantOf(iso).atZone(zone));
        } catch (DateTimeException notADateTime) {
            return iso;
        }
    }

    /**
     * The instant the API wrote: in UTC, to the second or a fraction of it
     * ({@code 2026-01-05T09:18:00.123456Z}), read by hand, as a page of deals shows dozens and the
     * general parser was a tenth of its template; any other form through it.
     */
    static Instant instantOf(String iso) {
        int n = iso.length();
        boolean usual = n >= 20
                && n <= 30
                && n != 21
                && iso.charAt(4) == '-'
                && iso.charAt(7) == '-'
                && iso.charAt(10) == 'T'
                && iso.charAt(13) == ':'
                && iso.charAt(16) == ':'
                && iso.charAt(n - 1) == 'Z'
                && (n == 20 || iso.charAt(19) == '.');
        if (!usual) {
            return OffsetDateTime.parse(iso).toInstant();
        }
        int[] parts = new int[7];
        int[] from = {0, 5, 8, 11, 14, 17, 20};
        int[] to = {4, 7, 10, 13, 16, 19, n - 1};
        for (int p = 0; p < 7; p++) {
            for (int i = from[p]; i < to[p]; i++) {
                char c = iso.charAt(i);
                if (c < '0' || c > '9') {
                    return OffsetDateTime.parse(iso).toInstant();
                }
                parts[p] = parts[p] * 10 + (c - '0');
            }
        }
        // The fraction's digits as nanoseconds: ".5" is 500,000,000.
        int nanos = parts[6];
        for (int digits = Math.max(0, n - 21); digits < 9; digits++) {
            nanos *= 10;
        }
        return LocalDateTime.of(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], nanos)
                .toInstant(ZoneOffset.UTC);
    }

    public String number(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        try {
            return NumberFormat.getNumberInstance(locale).format(new BigDecimal(value));
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    public String money(String amount, String currency) {
        if (amount == null || amount.isBlank()) {
            return "";
        }
        try {
            return moneyFormats
                    .computeIfAbsent(currency == null || currency.isBlank() ? "" : currency, this::moneyFormat)
                    .format(new BigDecimal(amount));
        } catch (IllegalArgumentException unknown) {
            return amount + " " + (currency == null ? "" : currency);
        }
    }

    /**
     * A format per currency, once per page: a list of deals formats an amount per row. Copied from
     * one made once per language and currency (making one was a twentieth of a page of deals); a
     * format is not to be shared between threads, a copy is the page's own.
     */
    private NumberFormat moneyFormat(String currency) {
        return (NumberFormat) MONEY_FORMATS
                .computeIfAbsent(List.of(locale, currency), key -> {
                    NumberFormat format = NumberFormat.getCurrencyInstance(locale);
                    if (!currency.isEmpty()) {
                        format.setCurrency(Currency.getInstance(currency));
                    }
                    return format;
                })
                .clone();
    }

    public String csrfName() {
        return csrfName;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** The header htmx sends on every request, so that its posts pass the CSRF check too. */
    public String htmxHeaders() {
        return "{\"X-CSRF-TOKEN\": \"" + csrfToken + "\"}";
    }

    public String path() {
        return path;
    }

    public boolean at(String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    public String userName() {
        return userName;
    }

    public boolean signedIn() {
        return userName != null;
    }

    public boolean can(String permission) {
        return permissions.contains(permission);
    }

    /** Whether any administration page is open to this person. */
    public boolean administers() {
        return Stream.of(
                        SystemPermission.USERS_MANAGE,
                        SystemPermission.ROLES_MANAGE,
                        SystemPermission.WORKSPACE_MANAGE,
                        SystemPermission.AUDIT_READ,
                        SystemPermission.INTEGRATIONS_MANAGE)
                .anyMatch(p -> permissions.contains(p.key()));
    }

    public String notice() {
        return notice;
    }

    public String error() {
        return error;
    }
}
