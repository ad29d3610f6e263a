// The messages of POST /v1/api/introduce/create in English (the seed's wording for its own codes).
// `{detail}` is the validation detail, `{origin}` the operator's origin, `{limit}` the link limit.
const enUS = {
  BW_API_0000001: 'token is empty',
  BW_API_0000003: 'invalid ID',
  BW_API_0000004: 'No OPENAPI Permission',
  PUB_AUTH_0000007: 'invalid or revoked token',
  BW_USER_INRR_NAME_NULL: 'User name is empty',
  BW_USER_INRR_PARAM_ERROR: 'target link repeat with parameterType',
  RL_TARGET_ORIGIN: 'targetUrl must be a page of {origin}',
  RL_LINK_LIMIT: 'at most {limit} promotion links per partner',
  RL_CONFLICT: 'the promotion code is already taken',
  RL_VALIDATION: '{detail}',
  RL_BAD_BODY: 'the body must be a JSON object (Content-Type: application/json) of at most 16 KB',
  RL_RATE_LIMITED: 'too many requests, retry later',
  '-1': 'service exception, try again later',
} as const;

export default enUS;

/** A code of the catalogue; every language's file has each one (`satisfies IntroduceMessages`). */
export type Mcode = keyof typeof enUS;
export type IntroduceMessages = Record<Mcode, string>;
