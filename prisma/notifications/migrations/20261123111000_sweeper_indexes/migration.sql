-- The delivery sweeper's scans for rows still in flight (see schema.prisma: idx_notifications_pending/processing).
-- CreateIndex
CREATE INDEX "idx_notifications_pending" ON "notifications"("updated_at") WHERE (status = 'PENDING');

-- CreateIndex
CREATE INDEX "idx_notifications_processing" ON "notifications"("updated_at") WHERE (status = 'PROCESSING');
