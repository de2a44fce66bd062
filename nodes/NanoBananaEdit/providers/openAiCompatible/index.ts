import { errorForStatus } from '../../httpErrors';
import type { ImageProvider } from '../types';
import { buildEditRequest } from './request';
import { parseEditResponse } from './response';

export const openAiCompatibleProvider: ImageProvider = {
	buildRequest: buildEditRequest,
	parseResponse: parseEditResponse,
	describeError: errorForStatus,
};
