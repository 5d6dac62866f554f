import { readFileSync } from 'node:fs';
import { Controller, DefaultValuePipe, MessageEvent, ParseIntPipe, Query, Sse } from '@nestjs/common';
import { Observable, interval, map, take } from 'rxjs';

// the tutorial's document, one Unicode code point per event (Array.from splits by code point, not UTF-16 unit)
const pieces = Array.from(readFileSync(new URL('../data.txt', import.meta.url), 'utf-8'));

@Controller('api')
export class SseController {
  @Sse('sse')
  sse(
    @Query('interval', new DefaultValuePipe(1000), ParseIntPipe) every: number,
    @Query('event', new DefaultValuePipe('lol')) type: string,
  ): Observable<MessageEvent> {
    // completes after the last piece, which ends the response
    return interval(every).pipe(
      take(pieces.length),
      map((i) => ({ type, id: String(i + 1), data: pieces[i] })),
    );
  }
}
