/**
 * SCIM 2.0 provisioning (RFC 7643, 7644) at {@code /scim/v2}: identity providers create, change and
 * deactivate the workspace's people and its groups (departments or teams) with a workspace token
 * that an administrator creates and revokes. The protocol is the SCIM SDK's; the resources go
 * through the directory's own services, so every rule of the API holds here too.
 */
package io.custodia.scim;
