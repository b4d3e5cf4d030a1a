/** The web console: server-rendered pages in Portuguese and English that work through the same HTTP API as every other client. */
package io.custodia.web;
