-- AlterTable
ALTER TABLE "users" ADD COLUMN     "company_id" TEXT;
