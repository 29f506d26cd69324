import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { notifyPeopleAdministrators } from "../licensing/pool-notifications";
import { getSiteSettings } from "../licensing/site-settings";
import { getPoolForecasts } from "./pool-forecasts";

/**
 * The early warning: a pool forecast to be full within the horizon (Admin › System › Settings, 30
 * days by default) is told to every People administrator once per crossing, in the console and
 * by e-mail. The flag on the pool row, set and cleared under its lock, makes "once" hold when
 * several processes run this; it clears when the forecast moves out of the horizon, so the next
 * crossing is told again. A full pool is told by the "limit reached" notice instead.
 */
export async function warnOfPoolsFillingSoon(options: { now?: Date } = {}, client: Db = defaultDb()): Promise<{ warned: string[] }> {
  const { forecastWarningDays } = await getSiteSettings(client);
  const warned: string[] = [];
  for (const { pool, forecast, sentence } of await getPoolForecasts(options, client)) {
    const soon = forecast.kind === "fills" && forecast.daysUntilFull <= forecastWarningDays;
    await client.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<
        { forecastNotified: boolean }[]
      >`SELECT "forecastNotified" FROM "SeatPool" WHERE pool = ${pool}::"Pool" FOR UPDATE`;
      if (!row || row.forecastNotified === soon) return;
      if (soon) {
        const message =
          `${sentence} That is within the ${forecastWarningDays} days you are warned about. ` +
          "Free seats by blocking or deleting accounts that are no longer needed, or request more licenses (Admin › People › More licenses).";
        await notifyPeopleAdministrators(tx, pool, "POOL_FORECAST_FULL", message);
        warned.push(pool);
      }
      await tx.seatPool.update({ where: { pool }, data: { forecastNotified: soon } });
    });
  }
  return { warned };
}
