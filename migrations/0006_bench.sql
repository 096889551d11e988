CREATE INDEX "member_transfers_to_org_idx" ON "member_transfers" USING btree ("to_organization_id");--> statement-breakpoint
CREATE INDEX "tasks_helpers_idx" ON "tasks" USING gin ("helper_ids");