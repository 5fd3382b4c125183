/** WhatsApp → Send Media: an image, video, audio, document or sticker by its public URL. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { trimmedParameter, valueOrRefuse } from '../shared/parameters';
import { perItem } from '../shared/perItem';
import type { Operation, WorkContext } from '../types';
import { checkPublicUrl } from '../../validation/publicUrl';
import type { Checked } from '../../validation/checked';
import { extraFields, toField, whatsappJob } from './envelope';

const show = { resource: ['whatsapp'], operation: ['sendMedia'] };
const MEDIA_TYPES = ['audio', 'document', 'image', 'sticker', 'video'] as const;
const WITH_CAPTION = ['document', 'image', 'video'];

const description: INodeProperties[] = [
	toField(show),
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio', description: 'AAC, MP4, AMR, MPEG or OGG, at most 16 MB' },
			{ name: 'Document', value: 'document', description: 'Any file, at most 100 MB' },
			{ name: 'Image', value: 'image', description: 'JPEG or PNG, at most 5 MB' },
			{ name: 'Sticker', value: 'sticker', description: 'WebP: 100 KB static, 500 KB animated' },
			{ name: 'Video', value: 'video', description: 'MP4 or 3GPP, at most 16 MB' },
		],
		default: 'image',
		description: 'What kind of file to send',
		displayOptions: { show },
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/receipt.png',
		description:
			'A public http(s) address WhatsApp downloads the file from (localhost and private, loopback or link-local IP addresses are refused)',
		displayOptions: { show },
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: 'Text shown with the image, video or document',
		displayOptions: { show: { ...show, mediaType: WITH_CAPTION } },
	},
	{
		displayName: 'File Name',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'receipt.pdf',
		description: 'The name the document is shown with',
		displayOptions: { show: { ...show, mediaType: ['document'] } },
	},
	extraFields(show),
];

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Iterator<Work> {
	return perItem(itemCount, (itemIndex) => {
		const type = String(ctx.getNodeParameter('mediaType', itemIndex, 'image'));
		if (!(MEDIA_TYPES as readonly string[]).includes(type)) {
			throw new NodeOperationError(ctx.getNode(), `Unsupported media type "${type}"`, {
				itemIndex,
				description: `The media type is one of ${MEDIA_TYPES.join(', ')}. Nothing was sent for this item.`,
			});
		}
		const link = trimmedParameter(ctx, 'mediaUrl', itemIndex);
		const checked: Checked<string> = link ? checkPublicUrl(link) : { ok: false, problem: 'No media URL given' };
		valueOrRefuse(
			ctx,
			checked,
			itemIndex,
			"Set Media URL to the file's public http:// or https:// address: WhatsApp downloads it from the internet, so localhost and private, loopback or link-local addresses are refused.",
		);
		const media: IDataObject = { link };
		if (WITH_CAPTION.includes(type)) {
			const caption = trimmedParameter(ctx, 'caption', itemIndex);
			if (caption) media.caption = caption;
		}
		if (type === 'document') {
			const filename = trimmedParameter(ctx, 'filename', itemIndex);
			if (filename) media.filename = filename;
		}
		return whatsappJob(ctx, itemIndex, { type, [type]: media }, { media_type: type });
	});
}

/** whatsapp:sendMedia as its resource lists it: the fields above and the work of a run. */
export const sendMedia: Operation = { description, work, sends: true };
