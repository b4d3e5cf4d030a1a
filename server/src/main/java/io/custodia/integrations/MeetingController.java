package io.custodia.integrations;

import io.custodia.integrations.MeetingFiling.Filed;
import io.custodia.integrations.MeetingFiling.Meeting;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Meetings filed by apps over HTTP; {@link MeetingFiling} files them. */
@Tag(name = "Integrations")
@RestController
class MeetingController {
    private final MeetingFiling filing;

    MeetingController(MeetingFiling filing) {
        this.filing = filing;
    }

    // What the sync log reports as refused: an unknown host, a refused field update, a meeting
    // filed nowhere. A participant without a contact, or a contact without an open deal, is how
    // meetings go, not a failure.
    private static final Set<String> REFUSALS = Set.of("host", "field", "fieldUpdates", "meeting");

    @Operation(operationId = "fileMeeting", summary = "File a meeting (apps only)")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/api/v1/integrations/meetings")
    ResponseEntity<Filed> file(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @Valid @RequestBody Meeting meeting,
            HttpServletRequest request) {
        MeetingFiling.Filing result = filing.file(me, meeting);
        List<String> refused = result.filed().notLinked().stream()
                .filter(n -> REFUSALS.contains(n.what()))
                .map(n -> n.what() + (n.value() == null ? "" : " " + n.value()) + ": " + n.reason())
                .toList();
        if (!refused.isEmpty()) {
            request.setAttribute(SyncLog.REFUSED, String.join("; ", refused));
        }
        return result.created()
                ? ResponseEntity.status(HttpStatus.CREATED).body(result.filed())
                : ResponseEntity.ok(result.filed());
    }
}
