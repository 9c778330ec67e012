import { newApi } from '../../platform/http/api';

export const api = newApi();
