import { Module, type DynamicModule } from '@nestjs/common';
import { AuctionsController } from './auctions/auctions.controller';
import { API_DEPS, API_LIMITS, type ApiDeps, type ApiLimits } from './deps';
import { CancelIntent } from './intents/cancelIntent';
import { CancelIntentController } from './intents/cancelIntent.controller';
import { IntentsController } from './intents/intents.controller';
import { SubmitIntent } from './intents/submitIntent';
import { SubmitIntentBatch } from './intents/submitIntentBatch';
import { MetaController } from './meta/meta.controller';
import { ApiMetrics } from './metrics/apiMetrics';
import { MetricsController } from './metrics/metrics.controller';
import { GetQuote } from './quotes/getQuote';
import { QuoteController } from './quotes/quote.controller';

@Module({})
export class ApiModule {
  static forRoot(deps: ApiDeps, limits: ApiLimits): DynamicModule {
    return {
      module: ApiModule,
      controllers: [IntentsController, CancelIntentController, QuoteController, AuctionsController, MetaController, MetricsController],
      providers: [{ provide: API_DEPS, useValue: deps }, { provide: API_LIMITS, useValue: limits }, SubmitIntent, SubmitIntentBatch, CancelIntent, GetQuote, ApiMetrics],
    };
  }
}
