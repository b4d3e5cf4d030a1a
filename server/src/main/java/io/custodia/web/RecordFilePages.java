package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import io.custodia.platform.ConsolePage;
import io.custodia.platform.RecordedRead;
import io.custodia.policy.EntityType;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * A record list's CSV, both ways: its export as a download, and an import uploaded as a file. An
 * import always runs as a job, whose page shows its progress (polled by htmx while it runs) and
 * then what became of each line. Both go through the API like every page, so they obey exactly its
 * rules: the export leaves out what the user may not see, the import checks every line.
 */
@Controller
@ConsolePage
class RecordFilePages {
    private final ConsoleApi api;

    RecordFilePages(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/export.csv")
    @RecordedRead
    ResponseEntity<byte[]> export(@PathVariable String kind) {
        RecordKind k = kind(kind);
        byte[] csv = api.bytes("/api/v1/" + k.path + "/export", Map.of(), MediaType.valueOf("text/csv"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + k.path + ".csv\"")
                .contentType(MediaType.valueOf("text/csv;charset=UTF-8"))
                .body(csv);
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/import")
    String upload(@PathVariable String kind, @RequestParam("file") MultipartFile file) throws IOException {
        RecordKind k = kind(kind);
        Json job = api.send(
                "/api/v1/" + k.path + "/import",
                query("async", "true"),
                file.getBytes(),
                MediaType.valueOf("text/csv"));
        return "redirect:/" + k.path + "/imports/" + job.s("id");
    }

    @GetMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/imports/{id}")
    String progress(@PathVariable String kind, @PathVariable UUID id, Model model) {
        RecordKind k = kind(kind);
        model.addAttribute("kind", k);
        model.addAttribute("job", api.get("/api/v1/jobs/" + id));
        return "records/import";
    }

    private static RecordKind kind(String path) {
        return RecordKind.of(path).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
