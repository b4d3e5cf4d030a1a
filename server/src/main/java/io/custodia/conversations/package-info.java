/** Support conversations in team inboxes, seen according to each team's visibility setting (seed 003). */
package io.custodia.conversations;
