// The messages of POST /v1/api/introduce/create in Russian.
import type { IntroduceMessages } from './en-US.js';

export default {
  BW_API_0000001: 'токен не указан',
  BW_API_0000003: 'неверный ID',
  BW_API_0000004: 'нет доступа к OPENAPI',
  PUB_AUTH_0000007: 'токен неверен или отозван',
  BW_USER_INRR_NAME_NULL: 'не указано название',
  BW_USER_INRR_PARAM_ERROR: 'целевая ссылка уже используется с этим parameterType',
  RL_TARGET_ORIGIN: 'targetUrl должен быть страницей {origin}',
  RL_LINK_LIMIT: 'не больше {limit} промо-ссылок у партнёра',
  RL_CONFLICT: 'промокод уже занят',
  RL_VALIDATION: 'неверный параметр: {detail}',
  RL_BAD_BODY: 'тело запроса должно быть JSON-объектом (Content-Type: application/json) не больше 16 КБ',
  RL_RATE_LIMITED: 'слишком много запросов, повторите позже',
  '-1': 'ошибка сервиса, повторите позже',
} satisfies IntroduceMessages;
