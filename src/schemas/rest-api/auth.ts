// POST /api/auth/ and /api/auth/refresh/.
import { Type } from 'typebox';

export const AuthBody = Type.Object({
  login: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'The account\'s email' })),
  email: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'The same as `login`' })),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
}, { example: { login: 'partner@example.com', password: 'correct horse battery staple' } });

export const TokenReply = Type.Object({
  token: Type.String({ description: 'The access token (JWT, HS256): send `Authorization: JWT <token>`' }),
  refresh: Type.String({ description: 'Single-use refresh token for POST /api/auth/refresh/' }),
  expires_in: Type.Integer({ description: 'Seconds the access token lives' }),
}, { example: { token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.x', refresh: 'rt_9zX…', expires_in: 3600 } });

export const RefreshBody = Type.Object({
  refresh: Type.String({ minLength: 1, maxLength: 200 }),
}, { example: { refresh: 'rt_9zX…' } });
