/**
 * A small app on a real ORM (Sequelize 6, lazy loading) for the N+1 evaluation: a page lists orders and
 * then calls `order.getCustomer()` per row — the ORM's natural N+1, in SQL no one here wrote — and another
 * page does the same with eager loading (`include`), one JOINed statement. Logging is switched on for the
 * app's only connection; returns the session key (backend pid / thread id) to cut the server log by.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DataTypes, Model, Sequelize } from 'sequelize';
import type { Engine } from '../../../agent/events.js';

export interface OrmRun {
  readonly session: string;
  readonly lazyRequests: number;
  readonly rowsPerPage: number;
}

class Customer extends Model {}
class Order extends Model {}

export async function runSequelizeApp(engine: Engine, url: string, prefix: string, requests = 6): Promise<OrmRun> {
  const sequelize = new Sequelize(url, {
    dialect: engine === 'postgres' ? 'postgres' : 'mysql',
    logging: false, pool: { max: 1, min: 1 },
    hooks: {
      afterConnect: async (conn: unknown) => {
        const sql = engine === 'postgres' ? 'SET log_min_duration_statement = 0' : 'SET SESSION long_query_time = 0';
        const c = conn as { query(sql: string, cb?: (err: unknown) => void): unknown };
        if (engine === 'postgres') await (c.query(sql) as Promise<unknown>);
        else await new Promise<void>((resolve, reject) => c.query(sql, (err) => (err ? reject(err) : resolve())));
      },
    },
  });
  try {
    Customer.init({ name: DataTypes.STRING, email: DataTypes.STRING }, { sequelize, tableName: `${prefix}_customers`, timestamps: false });
    Order.init({ total: DataTypes.INTEGER, status: DataTypes.STRING }, { sequelize, tableName: `${prefix}_orders`, timestamps: false });
    Order.belongsTo(Customer, { foreignKey: 'customerId' });
    await sequelize.sync({ force: true });
    await Customer.bulkCreate(Array.from({ length: 40 }, (_, i) => ({ name: `c${i}`, email: `c${i}@example.com` })));
    await Order.bulkCreate(Array.from({ length: 200 }, (_, i) => ({ total: i * 7, status: i % 3 ? 'paid' : 'open', customerId: (i * 13) % 40 + 1 })));
    const [rows] = await sequelize.query(engine === 'postgres' ? 'SELECT pg_backend_pid() AS id' : 'SELECT CONNECTION_ID() AS id');
    const session = String((rows as Array<{ id: number }>)[0]!.id);
    const rowsPerPage = 8;
    for (let r = 0; r < requests; r++) {
      await sleep(150); // think time between requests
      const orders = await Order.findAll({ where: { status: 'paid' }, order: [['id', 'DESC']], limit: rowsPerPage, offset: r * rowsPerPage });
      for (const order of orders) await (order as unknown as { getCustomer(): Promise<unknown> }).getCustomer();
      await sleep(150);
      await Order.findAll({ where: { status: 'open' }, include: Customer, limit: rowsPerPage, offset: r * rowsPerPage });
    }
    await sleep(150);
    await Order.drop();
    await Customer.drop();
    return { session, lazyRequests: requests, rowsPerPage };
  } finally {
    await sequelize.close();
  }
}
