/** Workspaces, users and sign-in: who is calling, and proof of it. */
package io.custodia.directory;
