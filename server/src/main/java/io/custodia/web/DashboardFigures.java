package io.custodia.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The dashboard's tables read the reports' per-currency totals through these. */
public final class DashboardFigures {
    private DashboardFigures() {}

    /** The currencies the totals have amounts in, in the API's order ("" for none, or one not shown). */
    public static List<String> currencies(Json... totals) {
        Set<String> currencies = new LinkedHashSet<>();
        for (Json t : totals) {
            t.list("amounts").forEach(a -> currencies.add(a.s("currency")));
        }
        return new ArrayList<>(currencies);
    }

    /** The total in one currency, or "0" when the totals have none in it. */
    public static String amountIn(Json totals, String currency) {
        return totals.list("amounts").stream()
                .filter(a -> a.s("currency").equals(currency))
                .map(a -> a.s("total"))
                .findFirst()
                .orElse("0");
    }
}
