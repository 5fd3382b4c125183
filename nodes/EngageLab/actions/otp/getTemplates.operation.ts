/** OTP → Get Templates (`GET /v1/template-configs`, docs/messaging/read-api.md §6): status values undocumented, so no approved; the Status filter takes the raw number, applied here. */
import { wholeNumberFilter } from '../shared/templateFilters';
import { templateListOperation } from '../shared/templateList';

/** otp:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({
	resource: 'otp',
	path: '/v1/template-configs',
	paged: false,
	filtersHelp: 'Only the templates with one status number (applied before Limit)',
	filters: [
		wholeNumberFilter(
			{
				displayName: 'Status',
				name: 'status',
				description: 'The templates whose status field is this number, as EngageLab sends it. EngageLab does not document OTP\'s values; SMS uses 1 pending review, 2 approved, 3 rejected.',
			},
			'status',
			2,
		),
	],
});
