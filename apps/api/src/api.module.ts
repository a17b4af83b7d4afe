import { Module, type DynamicModule } from '@nestjs/common';
import { AuctionsController } from './auctions/auctions.controller';
import { AuditController } from './audit/audit.controller';
import { DevController } from './dev/dev.controller';
import { API_DEPS, API_LIMITS, type ApiDeps, type ApiLimits } from './deps';
import { IntentsController } from './intents/intents.controller';
import { SubmitIntent } from './intents/submitIntent';
import { SubmitIntentBatch } from './intents/submitIntentBatch';
import { MetaController } from './meta/meta.controller';
import { StreamController } from './stream/stream.controller';
import { StreamHub } from './stream/streamHub';

@Module({})
export class ApiModule {
  static forRoot(deps: ApiDeps, limits: ApiLimits): DynamicModule {
    return {
      module: ApiModule,
      // the faucet exists only where the embedded default passes one: never in distributed mode
      controllers: [IntentsController, AuctionsController, AuditController, StreamController, MetaController, ...(deps.devFaucet ? [DevController] : [])],
      providers: [{ provide: API_DEPS, useValue: deps }, { provide: API_LIMITS, useValue: limits }, SubmitIntent, SubmitIntentBatch, StreamHub],
    };
  }
}
