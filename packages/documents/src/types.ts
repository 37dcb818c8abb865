import type { z } from 'zod';
import type { AddressSchema } from '@provvigo/core';

export type Address = z.infer<typeof AddressSchema>;
