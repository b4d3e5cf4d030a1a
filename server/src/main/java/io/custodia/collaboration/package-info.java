/** Working together on records: comments, mentions and the notifications they send. */
package io.custodia.collaboration;
