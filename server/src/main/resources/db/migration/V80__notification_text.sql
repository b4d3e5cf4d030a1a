-- A notification is kept as a message key and its arguments (names and counts), rendered in the
-- reader's language when it is read (docs/api.md, "Notifications"). Older ones keep their English
-- words in message, which is also still written, for readers of the table.
alter table notification add column message_key varchar(100);
alter table notification add column message_args jsonb;
