/** Every scenario of the shop app, by name. */
import type { Scenario } from '../scenario.js';
import { payInvoice, profileUpdate, ticketUpdate } from './account-writes.js';
import { home, login } from './account.js';
import { bulkExport } from './bulk-export.js';
import { cartPreview, catalog } from './catalog.js';
import { checkout } from './checkout.js';
import { customerOrders } from './customer-orders.js';
import { invoicePayments } from './invoice-payments.js';
import { adminDashboard, maintenance } from './maintenance.js';
import { ordersIndex } from './orders-index.js';
import { productPage } from './product-page.js';
import { reports } from './reports.js';
import { ticketEscalation } from './ticket-escalation.js';

export const scenarios: readonly Scenario[] = [
  productPage, catalog, cartPreview, ordersIndex, customerOrders, invoicePayments, login, home, adminDashboard,
  checkout, ticketUpdate, profileUpdate, payInvoice, ticketEscalation,
  reports, bulkExport, maintenance,
];

export const scenarioNames = scenarios.map((s) => s.name);
