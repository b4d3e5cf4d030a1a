/** Apps authorised by an administrator through OAuth 2.0, acting as their own principal, with a sync log (seed 000). */
package io.custodia.integrations;
