import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorSchema, StreamEventsDescription } from '../openapi';
import { StreamHub } from './streamHub';

@ApiTags('auctions')
@Controller('v1/stream')
export class StreamController {
  constructor(private readonly hub: StreamHub) {}

  @Get()
  @ApiOperation({
    summary: 'Live auctions: opened, closed and award events (Server-Sent Events)',
    description: StreamEventsDescription,
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event received, to resume after a reconnect.',
  })
  @ApiResponse({
    status: 200,
    description: 'An event stream that stays open.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, description: 'UNKNOWN_FILTER', schema: ErrorSchema })
  @ApiResponse({
    status: 429,
    description: 'TOO_MANY_STREAMS: this address holds STREAM_MAX_PER_IP streams already',
    schema: ErrorSchema,
  })
  @ApiResponse({
    status: 503,
    description: 'STREAMS_FULL: the server holds STREAM_MAX_CLIENTS streams',
    schema: ErrorSchema,
  })
  // unknown query parameters are refused by the global QueryAllowList guard (this route documents none)
  stream(@Req() req: Request, @Res() res: Response, @Headers('last-event-id') lastEventId?: string): void {
    const release = this.hub.admit(req.socket.remoteAddress ?? 'unknown');
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    // a stream's socket is never reused: closing it with the stream lets the server shut down at once
    res.setHeader('Connection', 'close');
    // nginx and similar proxies would otherwise hold events back in their buffers
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    const detach = this.hub.attach(res, typeof lastEventId === 'string' ? lastEventId.slice(0, 100) : undefined);
    req.on('close', () => {
      detach();
      release();
    });
  }
}
