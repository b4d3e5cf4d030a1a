package io.custodia.access;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The reminders of access review campaigns (access-model, "Access review campaigns"): each open
 * campaign whose deadline is within {@code ahead} is claimed once (marked in the same statement,
 * so every node may sweep and none reminds twice), with each reviewer who still has undecided
 * items. The collaboration feature, which owns notifications and mail, tells them.
 */
public interface ReviewReminders {

    /** One reviewer to remind of one campaign: how many of their items are undecided. */
    record Reminder(
            UUID workspaceId, UUID campaignId, String name, OffsetDateTime dueAt, UUID reviewer, int undecided) {}

    /** Claims the campaigns due within {@code ahead} of {@code now} not yet reminded, and answers whom to tell. */
    List<Reminder> claim(OffsetDateTime now, Duration ahead);
}
