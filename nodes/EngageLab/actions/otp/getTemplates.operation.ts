/** OTP → Get Templates (`GET /v1/template-configs`, docs/messaging/read-api.md §6): status values undocumented, so no approved. */
import { templateListOperation } from '../shared/templateList';

/** otp:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({ resource: 'otp', path: '/v1/template-configs', paged: false });
