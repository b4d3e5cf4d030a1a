// An app as openid-client 6 builds one: RFC 8414 discovery, the authorisation code with PKCE, a
// call with the access token, then refresh. The browser's part (sign-in and consent) is the Java
// test's: this script prints the authorisation URL and reads back the URL the browser returned to.
// Arguments: issuer, client id, client secret, redirect URI, scope. Prints one JSON object a line.
import * as client from 'openid-client';
import { createInterface } from 'node:readline';

const [issuer, clientId, clientSecret, redirectUri, scope] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (what) => console.log(JSON.stringify(what));

// The server serves OAuth 2.0 metadata, not OpenID Connect discovery (404), hence 'oauth2'; plain
// HTTP is allowed here only because the test's server listens on localhost. The client secret
// given as a string makes openid-client use its default, client_secret_post.
const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, {
  algorithm: 'oauth2',
  execute: [client.allowInsecureRequests],
});
const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const authorize = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope,
  state,
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
});
say({ authorize: authorize.href });

const callback = (await lines.next()).value;
const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
  pkceCodeVerifier: verifier,
  expectedState: state,
});
const whoAmI = async (accessToken) => {
  const answer = await client.fetchProtectedResource(
    config, accessToken, new URL('/api/v1/integrations/me', issuer), 'GET');
  return { status: answer.status, body: await answer.json() };
};
const me = await whoAmI(tokens.access_token);
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
say({
  tokenType: tokens.token_type,
  scope: tokens.scope,
  expiresIn: tokens.expiresIn(),
  me,
  refreshed: refreshed.access_token !== tokens.access_token && refreshed.refresh_token !== tokens.refresh_token,
  meAfterRefresh: await whoAmI(refreshed.access_token),
});
process.exit(0);
