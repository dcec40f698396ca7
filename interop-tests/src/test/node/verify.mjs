// Verifies tokens with panva's jose (jwtVerify over createRemoteJWKSet) and oauth4webapi
// (validateJwtAccessToken, RFC 9068). Input: a JSON file
//   { "cases": [{ "name", "token", "issuer", "jwksUri", "audience" }] }
// Output on stdout: one JSON object { name: { jose: "ok <sub>" | "error <code>", oauth4webapi: ... } }.
import { readFileSync } from 'node:fs'
import * as jose from 'jose'
import * as oauth from 'oauth4webapi'

const { cases } = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const results = {}
const describe = (e) => 'error ' + (e.code || e.name) + ': ' + String(e.message).slice(0, 160)

for (const c of cases) {
  const r = {}
  try {
    const keys = jose.createRemoteJWKSet(new URL(c.jwksUri))
    const { payload } = await jose.jwtVerify(c.token, keys, { issuer: c.issuer, audience: c.audience, typ: 'at+jwt' })
    r.jose = 'ok ' + payload.sub
  } catch (e) {
    r.jose = describe(e)
  }
  try {
    const as = { issuer: c.issuer, jwks_uri: c.jwksUri }
    const request = new Request('http://127.0.0.1/api', { headers: { authorization: 'Bearer ' + c.token } })
    const claims = await oauth.validateJwtAccessToken(as, request, c.audience, { [oauth.allowInsecureRequests]: true })
    r.oauth4webapi = 'ok ' + claims.sub
  } catch (e) {
    r.oauth4webapi = describe(e)
  }
  if (c.discover) {
    // oauth4webapi's discovery: 'oidc' appends /.well-known/openid-configuration to the issuer, 'oauth2'
    // inserts /.well-known/oauth-authorization-server before the issuer's path (RFC 8414 §3)
    for (const algorithm of ['oidc', 'oauth2']) {
      try {
        const issuer = new URL(c.issuer)
        const response = await oauth.discoveryRequest(issuer, { algorithm, [oauth.allowInsecureRequests]: true })
        const as = await oauth.processDiscoveryResponse(issuer, response)
        const request = new Request('http://127.0.0.1/api', { headers: { authorization: 'Bearer ' + c.token } })
        const claims = await oauth.validateJwtAccessToken(as, request, c.audience, { [oauth.allowInsecureRequests]: true })
        r['discovery ' + algorithm] = 'ok ' + claims.sub
      } catch (e) {
        r['discovery ' + algorithm] = describe(e)
      }
    }
  }
  results[c.name] = r
}
process.stdout.write(JSON.stringify(results))
