package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import io.custodia.platform.ConsolePage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard: the API's three reports (docs/api.md, "Reports"), each drawn as a table, which
 * the page's script also draws as a chart. The numbers are the API's, for this user's scope.
 */
@Controller
@ConsolePage
class DashboardPages {
    private final ConsoleApi api;
    private final Directory directory;

    DashboardPages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/dashboard")
    String dashboard(@RequestParam(required = false) String pipelineId, Model model) {
        Json pipeline = api.get("/api/v1/reports/pipeline", query("pipelineId", pipelineId));
        Json wonLost = api.get("/api/v1/reports/won-lost", query("by", "month", "pipelineId", pipelineId));
        model.addAttribute("pipelines", directory.pipelines());
        model.addAttribute("pipelineId", pipelineId == null ? "" : pipelineId);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("currencies", DashboardFigures.currencies(pipeline.get("total")));
        model.addAttribute("wonLost", wonLost);
        model.addAttribute(
                "wonCurrencies",
                DashboardFigures.currencies(
                        wonLost.list("periods").stream().map(p -> p.get("won")).toArray(Json[]::new)));
        model.addAttribute("due", api.get("/api/v1/reports/activities-due"));
        model.addAttribute("names", directory.names());
        return "dashboard";
    }
}
