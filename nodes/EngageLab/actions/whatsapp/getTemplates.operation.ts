/** WhatsApp → Get Templates (`GET /v1/templates`, docs/messaging/read-api.md §6): every status, approved is APPROVED; the filters are EngageLab's query. */
import { choiceFilter, patternFilter, textFilter } from '../shared/templateFilters';
import { templateListOperation } from '../shared/templateList';

const status = (name: string, value: string, description: string) => ({ name, value, description });

/** whatsapp:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({
	resource: 'whatsapp',
	path: '/v1/templates',
	paged: false,
	approved: (t) => t.status === 'APPROVED',
	filtersHelp: 'Only the templates with this name, language, category or status (EngageLab filters the list)',
	filters: [
		// The response side also names OTP and TRANSACTIONAL (docs/whatsapp/api.md, Gaps 4): accepted when typed.
		choiceFilter(
			{ displayName: 'Category', name: 'category', description: 'Meta\'s template category' },
			[
				{ name: 'Authentication', value: 'AUTHENTICATION', description: 'One-time codes and sign-in verification' },
				{ name: 'Marketing', value: 'MARKETING', description: 'Promotions, offers and announcements' },
				{ name: 'Utility', value: 'UTILITY', description: 'Updates about an order or an account' },
			],
			{ query: 'category' },
			['OTP', 'TRANSACTIONAL'],
		),
		patternFilter(
			{ displayName: 'Language Code', name: 'languageCode', placeholder: 'en_US', description: 'The template language, as Meta writes it: en, en_US, zh_CN, pt_BR' },
			'language_code',
			/^[a-z]{2,3}(?:_[A-Za-z0-9]{2,4})?$/,
			'a language code such as en or en_US',
		),
		textFilter({ displayName: 'Name', name: 'name', placeholder: 'order_update', description: 'Text the template names contain (EngageLab matches loosely), e.g. order' }, 'name'),
		choiceFilter(
			{ displayName: 'Status', name: 'status', description: 'Meta\'s review status of the templates to return; only Approved ones can be sent' },
			[
				status('Approved', 'APPROVED', 'Reviewed by Meta and ready to send'),
				status('Deleted', 'DELETED', 'Deleted from the account'),
				status('Disabled', 'DISABLED', 'Disabled by Meta (e.g. for quality)'),
				status('In Appeal', 'IN_APPEAL', 'A rejection being appealed'),
				status('Paused', 'PAUSED', 'Paused by Meta for low quality'),
				status('Pending', 'PENDING', 'Waiting for Meta\'s review'),
				status('Pending Deletion', 'PENDING_DELETION', 'Deletion requested, not yet done'),
				status('Rejected', 'REJECTED', 'Refused by Meta\'s review'),
			],
			{ query: 'status' },
		),
	],
});
