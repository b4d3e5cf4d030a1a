package io.custodia.directory;

import io.custodia.platform.Jobs;
import io.custodia.platform.ProblemText;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A job stops when the user who started it is deactivated: it acted in their name. */
@Component
class JobsOfActiveUsers implements Jobs.Guard {
    private final Users users;

    JobsOfActiveUsers(Users users) {
        this.users = users;
    }

    @Override
    public Optional<ProblemText> refusal(UUID workspaceId, UUID startedBy) {
        boolean active = users.find(workspaceId, startedBy)
                .map(u -> u.status().equals("active"))
                .orElse(false);
        return active ? Optional.empty() : Optional.of(ProblemText.of("the user who started it was deactivated"));
    }
}
