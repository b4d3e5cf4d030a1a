package io.custodia.integrations;

import io.custodia.integrations.MeetingFiling.Filed;
import io.custodia.integrations.MeetingFiling.Meeting;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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

    @Operation(operationId = "fileMeeting", summary = "File a meeting (apps only)")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/api/v1/integrations/meetings")
    ResponseEntity<Filed> file(@AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody Meeting meeting) {
        MeetingFiling.Filing result = filing.file(me, meeting);
        return result.created()
                ? ResponseEntity.status(HttpStatus.CREATED).body(result.filed())
                : ResponseEntity.ok(result.filed());
    }
}
