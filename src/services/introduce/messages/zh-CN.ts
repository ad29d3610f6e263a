// The messages of POST /v1/api/introduce/create in Simplified Chinese.
import type { IntroduceMessages } from './en-US.js';

export default {
  BW_API_0000001: 'token为空',
  BW_API_0000003: '无效的ID',
  BW_API_0000004: '没有OPENAPI权限',
  PUB_AUTH_0000007: 'token无效或已撤销',
  BW_USER_INRR_NAME_NULL: '用户名为空',
  BW_USER_INRR_PARAM_ERROR: '目标链接与参数类型重复',
  RL_TARGET_ORIGIN: '目标链接必须是 {origin} 的页面',
  RL_LINK_LIMIT: '每个合作伙伴最多 {limit} 个推广链接',
  RL_CONFLICT: '推广码已被占用',
  RL_VALIDATION: '参数无效: {detail}',
  RL_BAD_BODY: '请求体必须是不超过16 KB的JSON对象 (Content-Type: application/json)',
  RL_RATE_LIMITED: '请求过多，请稍后重试',
  '-1': '服务异常，请稍后重试',
} satisfies IntroduceMessages;
