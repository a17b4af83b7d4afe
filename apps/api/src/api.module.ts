import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuctionsController } from './auctions/auctions.controller';
import { AuditController } from './audit/audit.controller';
import { DevController } from './dev/dev.controller';
import { API_DEPS, API_LIMITS, type ApiDeps, type ApiLimits } from './deps';
import { CancelIntent } from './intents/cancelIntent';
import { ChainChecks } from './intents/chainChecks';
import { CancelIntentController } from './intents/cancelIntent.controller';
import { IntentsController } from './intents/intents.controller';
import { SubmitIntent } from './intents/submitIntent';
import { SubmitIntentBatch } from './intents/submitIntentBatch';
import { MetaController } from './meta/meta.controller';
import { ApiMetrics } from './metrics/apiMetrics';
import { MetricsController } from './metrics/metrics.controller';
import { GetQuote } from './quotes/getQuote';
import { QuoteController } from './quotes/quote.controller';
import { StreamController } from './stream/stream.controller';
import { StreamHub } from './stream/streamHub';
import { QueryAllowList } from './queryAllowList';
import { AuctioneerPin } from './trust/auctioneerPin';

@Module({})
export class ApiModule {
  static forRoot(deps: ApiDeps, limits: ApiLimits): DynamicModule {
    return {
      module: ApiModule,
      // the faucet exists only where the embedded default passes one: never in distributed mode
      controllers: [
        IntentsController,
        CancelIntentController,
        QuoteController,
        AuctionsController,
        AuditController,
        StreamController,
        MetaController,
        MetricsController,
        ...(deps.devFaucet ? [DevController] : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: QueryAllowList },
        { provide: API_DEPS, useValue: deps },
        { provide: API_LIMITS, useValue: limits },
        ChainChecks,
        SubmitIntent,
        SubmitIntentBatch,
        CancelIntent,
        GetQuote,
        ApiMetrics,
        StreamHub,
        {
          provide: AuctioneerPin,
          inject: [ApiMetrics],
          useFactory: (metrics: ApiMetrics) =>
            new AuctioneerPin({ address: deps.env.AUCTIONEER_ADDRESS, log: deps.log, metrics }),
        },
      ],
    };
  }
}
