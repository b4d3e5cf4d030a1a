/** Roles, assignments and each user's compiled access, kept current by the workspace's access version. */
package io.custodia.access;
