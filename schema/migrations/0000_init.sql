CREATE TYPE "public"."import_source_enum" AS ENUM('csv', 'shotgun');--> statement-breakpoint
CREATE TABLE "attachment_file" (
	"name" varchar(250),
	"size" bigint,
	"extension" varchar(6),
	"mimetype" varchar(255),
	"comment_id" uuid,
	"reply_id" uuid,
	"chat_message_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "chat" (
	"object_id" uuid NOT NULL,
	"object_type" varchar(80) NOT NULL,
	"last_message" timestamp,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "chat_message" (
	"chat_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"text" text,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "chat_participant" (
	"chat_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "chat_participant_pkey" PRIMARY KEY("chat_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "comment" (
	"shotgun_id" integer,
	"object_id" uuid NOT NULL,
	"object_type" varchar(80) NOT NULL,
	"text" text,
	"data" jsonb,
	"replies" jsonb,
	"checklist" jsonb,
	"pinned" boolean,
	"for_client" boolean,
	"links" varchar[],
	"task_status_id" uuid,
	"person_id" uuid NOT NULL,
	"editor_id" uuid,
	"preview_file_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "comment_acknoledgments" (
	"comment" uuid NOT NULL,
	"person" uuid NOT NULL,
	CONSTRAINT "comment_acknoledgments_pkey" PRIMARY KEY("comment","person")
);
--> statement-breakpoint
CREATE TABLE "comment_department_mentions" (
	"comment" uuid NOT NULL,
	"department" uuid NOT NULL,
	CONSTRAINT "comment_department_mentions_pkey" PRIMARY KEY("comment","department")
);
--> statement-breakpoint
CREATE TABLE "comment_mentions" (
	"comment" uuid NOT NULL,
	"person" uuid NOT NULL,
	CONSTRAINT "comment_mentions_pkey" PRIMARY KEY("comment","person")
);
--> statement-breakpoint
CREATE TABLE "comment_preview_link" (
	"comment" uuid NOT NULL,
	"preview_file" uuid NOT NULL,
	CONSTRAINT "comment_preview_link_pkey" PRIMARY KEY("comment","preview_file")
);
--> statement-breakpoint
CREATE TABLE "preview_background_file" (
	"name" varchar(40) NOT NULL,
	"archived" boolean,
	"is_default" boolean,
	"original_name" varchar(250),
	"extension" varchar(6),
	"file_size" bigint,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "preview_file" (
	"name" varchar(250),
	"original_name" varchar(250),
	"revision" integer,
	"position" integer,
	"extension" varchar(6),
	"description" text,
	"path" varchar(400),
	"source" varchar(40),
	"file_size" bigint,
	"status" varchar(255) NOT NULL,
	"validation_status" varchar(255) NOT NULL,
	"annotations" jsonb,
	"width" integer,
	"height" integer,
	"duration" double precision,
	"data" jsonb,
	"token_in" integer,
	"token_out" integer,
	"task_id" uuid,
	"person_id" uuid,
	"source_file_id" uuid,
	"shotgun_id" integer,
	"is_movie" boolean,
	"url" varchar(600),
	"uploaded_movie_url" varchar(600),
	"uploaded_movie_name" varchar(150),
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "preview_file_shotgun_id_key" UNIQUE("shotgun_id"),
	CONSTRAINT "preview_uc" UNIQUE("name","task_id","revision")
);
--> statement-breakpoint
CREATE TABLE "asset_instance" (
	"asset_id" uuid NOT NULL,
	"name" varchar(80),
	"number" integer,
	"description" varchar(200),
	"active" boolean,
	"data" jsonb,
	"scene_id" uuid,
	"target_asset_id" uuid,
	"entity_id" uuid,
	"entity_type_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "asset_instance_uc" UNIQUE("asset_id","target_asset_id","scene_id","number")
);
--> statement-breakpoint
CREATE TABLE "asset_instance_link" (
	"entity_id" uuid NOT NULL,
	"asset_instance_id" uuid NOT NULL,
	CONSTRAINT "asset_instance_link_pkey" PRIMARY KEY("entity_id","asset_instance_id")
);
--> statement-breakpoint
CREATE TABLE "entity" (
	"name" varchar(160) NOT NULL,
	"code" varchar(160),
	"description" text,
	"shotgun_id" integer,
	"canceled" boolean,
	"nb_frames" integer,
	"nb_entities_out" integer,
	"is_casting_standby" boolean,
	"is_shared" boolean NOT NULL,
	"status" varchar(255) NOT NULL,
	"project_id" uuid NOT NULL,
	"entity_type_id" uuid NOT NULL,
	"parent_id" uuid,
	"source_id" uuid,
	"preview_file_id" uuid,
	"data" jsonb,
	"ready_for" uuid,
	"created_by" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "entity_uc" UNIQUE("name","project_id","entity_type_id","parent_id")
);
--> statement-breakpoint
CREATE TABLE "entity_concept_link" (
	"entity_in_id" uuid NOT NULL,
	"entity_out_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "entity_concept_link_pkey" PRIMARY KEY("entity_in_id","entity_out_id","id")
);
--> statement-breakpoint
CREATE TABLE "entity_link" (
	"entity_in_id" uuid NOT NULL,
	"entity_out_id" uuid NOT NULL,
	"data" jsonb,
	"nb_occurences" integer,
	"label" varchar(80),
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "entity_link_pkey" PRIMARY KEY("entity_in_id","entity_out_id","id"),
	CONSTRAINT "entity_link_uc" UNIQUE("entity_in_id","entity_out_id")
);
--> statement-breakpoint
CREATE TABLE "entity_type" (
	"name" varchar(30) NOT NULL,
	"short_name" varchar(20),
	"description" text,
	"archived" boolean,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "entity_version" (
	"name" varchar(160) NOT NULL,
	"data" jsonb,
	"entity_id" uuid,
	"person_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "task_type_asset_type_link" (
	"asset_type_id" uuid NOT NULL,
	"task_type_id" uuid NOT NULL,
	CONSTRAINT "task_type_asset_type_link_pkey" PRIMARY KEY("asset_type_id","task_type_id")
);
--> statement-breakpoint
CREATE TABLE "file_status" (
	"name" varchar(40) NOT NULL,
	"color" varchar(7) NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "file_status_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "output_file" (
	"shotgun_id" integer,
	"name" varchar(250) NOT NULL,
	"canceled" boolean NOT NULL,
	"size" integer,
	"checksum" varchar(32),
	"description" text,
	"comment" text,
	"extension" varchar(10),
	"revision" integer NOT NULL,
	"representation" varchar(20),
	"nb_elements" integer,
	"source" varchar(40),
	"path" varchar(400),
	"data" jsonb,
	"file_status_id" uuid NOT NULL,
	"entity_id" uuid,
	"asset_instance_id" uuid,
	"output_type_id" uuid,
	"task_type_id" uuid,
	"person_id" uuid,
	"source_file_id" uuid,
	"temporal_entity_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "output_file_uc" UNIQUE("name","entity_id","asset_instance_id","output_type_id","task_type_id","temporal_entity_id","representation","revision")
);
--> statement-breakpoint
CREATE TABLE "output_type" (
	"name" varchar(40) NOT NULL,
	"short_name" varchar(20) NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "software" (
	"name" varchar(40) NOT NULL,
	"short_name" varchar(20) NOT NULL,
	"archived" boolean,
	"version" varchar(20),
	"file_extension" varchar(20) NOT NULL,
	"secondary_extensions" jsonb,
	"monthly_cost" integer,
	"inventory_amount" integer,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "software_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "software_department_link" (
	"department_id" uuid NOT NULL,
	"software_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "software_department_link_pkey" PRIMARY KEY("department_id","software_id","id"),
	CONSTRAINT "software_department_link_uc" UNIQUE("department_id","software_id")
);
--> statement-breakpoint
CREATE TABLE "working_file" (
	"shotgun_id" integer,
	"name" varchar(250),
	"description" text,
	"comment" text,
	"revision" integer,
	"size" integer,
	"checksum" integer,
	"path" varchar(400),
	"data" jsonb,
	"task_id" uuid,
	"entity_id" uuid,
	"person_id" uuid,
	"software_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "working_file_uc" UNIQUE("name","task_id","entity_id","revision")
);
--> statement-breakpoint
CREATE TABLE "data_import_error" (
	"event_data" jsonb NOT NULL,
	"source" "import_source_enum",
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "kumiki_job" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(80) NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" varchar(20) DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp DEFAULT now() NOT NULL,
	"locked_by" varchar(120),
	"locked_at" timestamp,
	"last_error" text,
	"created_at" timestamp DEFAULT now() NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kumiki_saml_assertion" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"expires_at" timestamp NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kumiki_setting" (
	"key" varchar(120) PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kumiki_token_revocation" (
	"jti" varchar(64) PRIMARY KEY NOT NULL,
	"person_id" uuid,
	"revoked_at" timestamp DEFAULT now() NOT NULL,
	"expires_at" timestamp NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_action" (
	"name" varchar(80) NOT NULL,
	"url" varchar(400),
	"entity_type" varchar(40),
	"is_ajax" boolean,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "hardware_item" (
	"name" varchar(40) NOT NULL,
	"short_name" varchar(20) NOT NULL,
	"archived" boolean,
	"monthly_cost" integer,
	"inventory_amount" integer,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "hardware_item_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "hardware_item_department_link" (
	"department_id" uuid NOT NULL,
	"hardware_item_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "hardware_item_department_link_pkey" PRIMARY KEY("department_id","hardware_item_id","id"),
	CONSTRAINT "hardware_item_department_link_uc" UNIQUE("hardware_item_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "plugin" (
	"plugin_id" varchar(80) NOT NULL,
	"name" varchar(80) NOT NULL,
	"description" text,
	"version" varchar(50) NOT NULL,
	"maintainer_name" varchar(200) NOT NULL,
	"maintainer_email" varchar(255),
	"website" text,
	"license" varchar(80) NOT NULL,
	"revision" varchar(12),
	"frontend_project_enabled" boolean,
	"frontend_studio_enabled" boolean,
	"icon" varchar(255),
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "search_filter" (
	"list_type" varchar(80) NOT NULL,
	"entity_type" varchar(80),
	"name" varchar(200) NOT NULL,
	"search_query" varchar(500) NOT NULL,
	"is_shared" boolean DEFAULT false NOT NULL,
	"department_id" uuid,
	"search_filter_group_id" uuid,
	"person_id" uuid,
	"project_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "search_filter_group" (
	"list_type" varchar(80) NOT NULL,
	"entity_type" varchar(80),
	"name" varchar(200) NOT NULL,
	"color" varchar(8) NOT NULL,
	"is_shared" boolean DEFAULT false NOT NULL,
	"person_id" uuid,
	"project_id" uuid,
	"department_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "api_event" (
	"name" varchar(80) NOT NULL,
	"user_id" uuid,
	"project_id" uuid,
	"data" jsonb,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "news" (
	"change" boolean NOT NULL,
	"author_id" uuid NOT NULL,
	"comment_id" uuid,
	"task_id" uuid NOT NULL,
	"preview_file_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"read" boolean NOT NULL,
	"change" boolean NOT NULL,
	"type" varchar(255) NOT NULL,
	"person_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"comment_id" uuid,
	"task_id" uuid,
	"playlist_id" uuid,
	"reply_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "notification_uc" UNIQUE("person_id","author_id","comment_id","reply_id","playlist_id","type")
);
--> statement-breakpoint
CREATE TABLE "subscription" (
	"person_id" uuid NOT NULL,
	"task_id" uuid,
	"entity_id" uuid,
	"task_type_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "subscription_task_uc" UNIQUE("person_id","task_id"),
	CONSTRAINT "subscription_entity_uc" UNIQUE("person_id","task_type_id","entity_id")
);
--> statement-breakpoint
CREATE TABLE "department" (
	"name" varchar(80) NOT NULL,
	"color" varchar(7) NOT NULL,
	"archived" boolean,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "department_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "department_link" (
	"person_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	CONSTRAINT "department_link_pkey" PRIMARY KEY("person_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "desktop_login_log" (
	"person_id" uuid NOT NULL,
	"date" timestamp NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "login_log" (
	"person_id" uuid NOT NULL,
	"ip_address" varchar(50),
	"origin" varchar(255),
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"name" varchar(80) NOT NULL,
	"hours_by_day" double precision NOT NULL,
	"has_avatar" boolean,
	"use_original_file_name" boolean,
	"timesheets_locked" boolean,
	"format_duration_in_hours" boolean,
	"hd_by_default" boolean,
	"chat_token_slack" varchar(80),
	"chat_webhook_mattermost" varchar(80),
	"chat_token_discord" varchar(80),
	"dark_theme_by_default" boolean,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "organisation_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "person" (
	"first_name" varchar(80) NOT NULL,
	"last_name" varchar(80) NOT NULL,
	"email" varchar(255),
	"phone" varchar(30),
	"country" varchar(2),
	"contract_type" varchar(255) NOT NULL,
	"active" boolean,
	"archived" boolean,
	"last_presence" date,
	"password" "bytea",
	"desktop_login" varchar(80),
	"login_failed_attemps" integer,
	"last_login_failed" timestamp,
	"totp_enabled" boolean,
	"totp_secret" varchar(32),
	"email_otp_enabled" boolean,
	"email_otp_secret" varchar(32),
	"fido_enabled" boolean,
	"fido_credentials" jsonb[],
	"otp_recovery_codes" "bytea"[],
	"preferred_two_factor_authentication" varchar(255),
	"shotgun_id" integer,
	"timezone" varchar(50),
	"locale" varchar(10),
	"use_12_hour_clock" boolean,
	"display_date_format" varchar(20),
	"data" jsonb,
	"role" varchar(255) NOT NULL,
	"position" varchar(255),
	"seniority" varchar(255),
	"daily_salary" integer,
	"has_avatar" boolean,
	"notifications_enabled" boolean,
	"notifications_slack_enabled" boolean,
	"notifications_slack_userid" varchar(60),
	"notifications_mattermost_enabled" boolean,
	"notifications_mattermost_userid" varchar(60),
	"notifications_discord_enabled" boolean,
	"notifications_discord_userid" varchar(60),
	"is_bot" boolean NOT NULL,
	"is_guest" boolean NOT NULL,
	"jti" varchar(60),
	"expiration_date" date,
	"is_generated_from_ldap" boolean,
	"ldap_uid" varchar(60),
	"studio_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "person_shotgun_id_key" UNIQUE("shotgun_id"),
	CONSTRAINT "person_jti_key" UNIQUE("jti"),
	CONSTRAINT "person_ldap_uid_key" UNIQUE("ldap_uid")
);
--> statement-breakpoint
CREATE TABLE "studio" (
	"name" varchar(80) NOT NULL,
	"color" varchar(7) NOT NULL,
	"archived" boolean,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "studio_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "build_job" (
	"status" varchar(255) NOT NULL,
	"job_type" varchar(255) NOT NULL,
	"ended_at" timestamp,
	"playlist_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "playlist" (
	"name" varchar(80) NOT NULL,
	"shots" jsonb,
	"project_id" uuid,
	"episode_id" uuid,
	"task_type_id" uuid,
	"for_client" boolean,
	"for_entity" varchar(10),
	"is_for_all" boolean,
	"created_by" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "playlist_uc" UNIQUE("name","project_id","episode_id")
);
--> statement-breakpoint
CREATE TABLE "playlist_share_link" (
	"token" varchar(64) NOT NULL,
	"playlist_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"expiration_date" timestamp,
	"is_active" boolean NOT NULL,
	"can_comment" boolean NOT NULL,
	"password" varchar(255),
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "department_metadata_descriptor_link" (
	"metadata_descriptor_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	CONSTRAINT "department_metadata_descriptor_link_pkey" PRIMARY KEY("metadata_descriptor_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "metadata_descriptor" (
	"project_id" uuid NOT NULL,
	"entity_type" varchar(60) NOT NULL,
	"task_type_id" uuid,
	"name" varchar(120) NOT NULL,
	"data_type" varchar(255),
	"field_name" varchar(120) NOT NULL,
	"choices" jsonb,
	"for_client" boolean,
	"position" integer,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "project" (
	"name" varchar(80) NOT NULL,
	"code" varchar(80),
	"description" text,
	"shotgun_id" integer,
	"file_tree" jsonb,
	"data" jsonb,
	"has_avatar" boolean,
	"fps" varchar(10),
	"ratio" varchar(10),
	"resolution" varchar(12),
	"production_type" varchar(20),
	"production_style" varchar(255) NOT NULL,
	"start_date" date,
	"end_date" date,
	"man_days" integer,
	"nb_episodes" integer,
	"episode_span" integer,
	"max_retakes" integer,
	"is_clients_isolated" boolean,
	"is_preview_download_allowed" boolean,
	"is_set_preview_automated" boolean,
	"homepage" varchar(80),
	"is_publish_default_for_artists" boolean,
	"is_bot_collaboration_enabled" boolean,
	"is_single_preview_per_revision" boolean,
	"is_frame_in_numbering" boolean,
	"revision_padding" integer NOT NULL,
	"hd_bitrate_compression" integer,
	"ld_bitrate_compression" integer,
	"project_status_id" uuid,
	"default_preview_background_file_id" uuid,
	"from_schedule_version_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "project_asset_type_link" (
	"project_id" uuid NOT NULL,
	"asset_type_id" uuid NOT NULL,
	CONSTRAINT "project_asset_type_link_pkey" PRIMARY KEY("project_id","asset_type_id")
);
--> statement-breakpoint
CREATE TABLE "project_person_link" (
	"project_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"shotgun_id" integer,
	"role" varchar(255),
	CONSTRAINT "project_person_link_pkey" PRIMARY KEY("project_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "project_preview_background_file_link" (
	"project_id" uuid NOT NULL,
	"preview_background_file_id" uuid NOT NULL,
	CONSTRAINT "project_preview_background_file_link_pkey" PRIMARY KEY("project_id","preview_background_file_id")
);
--> statement-breakpoint
CREATE TABLE "project_status" (
	"name" varchar(20) NOT NULL,
	"color" varchar(7) NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "project_status_automation_link" (
	"project_id" uuid NOT NULL,
	"status_automation_id" uuid NOT NULL,
	CONSTRAINT "project_status_automation_link_pkey" PRIMARY KEY("project_id","status_automation_id")
);
--> statement-breakpoint
CREATE TABLE "project_task_status_link" (
	"project_id" uuid NOT NULL,
	"task_status_id" uuid NOT NULL,
	"priority" integer,
	"roles_for_board" varchar(255)[],
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "project_task_status_link_pkey" PRIMARY KEY("project_id","task_status_id","id"),
	CONSTRAINT "project_taskstatus_uc" UNIQUE("project_id","task_status_id")
);
--> statement-breakpoint
CREATE TABLE "project_task_type_link" (
	"project_id" uuid NOT NULL,
	"task_type_id" uuid NOT NULL,
	"priority" integer,
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "project_task_type_link_pkey" PRIMARY KEY("project_id","task_type_id","id"),
	CONSTRAINT "project_tasktype_uc" UNIQUE("project_id","task_type_id")
);
--> statement-breakpoint
CREATE TABLE "project_template" (
	"name" varchar(80) NOT NULL,
	"description" text,
	"fps" varchar(10),
	"ratio" varchar(10),
	"resolution" varchar(12),
	"production_type" varchar(20),
	"production_style" varchar(255) NOT NULL,
	"max_retakes" integer,
	"is_clients_isolated" boolean,
	"is_preview_download_allowed" boolean,
	"is_set_preview_automated" boolean,
	"is_publish_default_for_artists" boolean,
	"is_single_preview_per_revision" boolean,
	"is_frame_in_numbering" boolean,
	"revision_padding" integer NOT NULL,
	"homepage" varchar(80),
	"hd_bitrate_compression" integer,
	"ld_bitrate_compression" integer,
	"file_tree" jsonb,
	"data" jsonb,
	"metadata_descriptors" jsonb,
	"default_preview_background_file_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "project_template_asset_type_link" (
	"project_template_id" uuid NOT NULL,
	"asset_type_id" uuid NOT NULL,
	CONSTRAINT "project_template_asset_type_link_pkey" PRIMARY KEY("project_template_id","asset_type_id")
);
--> statement-breakpoint
CREATE TABLE "project_template_preview_background_file_link" (
	"project_template_id" uuid NOT NULL,
	"preview_background_file_id" uuid NOT NULL,
	CONSTRAINT "project_template_preview_background_file_link_pkey" PRIMARY KEY("project_template_id","preview_background_file_id")
);
--> statement-breakpoint
CREATE TABLE "project_template_status_automation_link" (
	"project_template_id" uuid NOT NULL,
	"status_automation_id" uuid NOT NULL,
	CONSTRAINT "project_template_status_automation_link_pkey" PRIMARY KEY("project_template_id","status_automation_id")
);
--> statement-breakpoint
CREATE TABLE "project_template_task_status_link" (
	"project_template_id" uuid NOT NULL,
	"task_status_id" uuid NOT NULL,
	"priority" integer,
	"roles_for_board" varchar(255)[],
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "project_template_task_status_link_pkey" PRIMARY KEY("project_template_id","task_status_id","id"),
	CONSTRAINT "project_template_taskstatus_uc" UNIQUE("project_template_id","task_status_id")
);
--> statement-breakpoint
CREATE TABLE "project_template_task_type_link" (
	"project_template_id" uuid NOT NULL,
	"task_type_id" uuid NOT NULL,
	"priority" integer,
	"id" uuid NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "project_template_task_type_link_pkey" PRIMARY KEY("project_template_id","task_type_id","id"),
	CONSTRAINT "project_template_tasktype_uc" UNIQUE("project_template_id","task_type_id")
);
--> statement-breakpoint
CREATE TABLE "status_automation" (
	"entity_type" varchar(40),
	"in_task_type_id" uuid,
	"in_task_status_id" uuid,
	"out_field_type" varchar(255) NOT NULL,
	"out_task_type_id" uuid,
	"out_task_status_id" uuid,
	"import_last_revision" boolean,
	"archived" boolean,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "budget" (
	"project_id" uuid,
	"revision" integer NOT NULL,
	"name" varchar(255) NOT NULL,
	"currency" varchar(3),
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "budget_entry" (
	"budget_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"person_id" uuid,
	"start_date" date NOT NULL,
	"months_duration" integer NOT NULL,
	"daily_salary" double precision NOT NULL,
	"position" varchar(255),
	"seniority" varchar(255),
	"exceptions" jsonb,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "day_off" (
	"date" date NOT NULL,
	"end_date" date NOT NULL,
	"description" text,
	"person_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "day_off_uc" UNIQUE("person_id","date"),
	CONSTRAINT "day_off_date_check" CHECK ("day_off"."date" <= "day_off"."end_date")
);
--> statement-breakpoint
CREATE TABLE "milestone" (
	"date" date,
	"name" varchar(40) NOT NULL,
	"project_id" uuid,
	"task_type_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "production_schedule_version" (
	"name" varchar(80) NOT NULL,
	"project_id" uuid NOT NULL,
	"production_schedule_from" uuid,
	"locked" boolean,
	"canceled" boolean,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "production_schedule_version_uc" UNIQUE("name","project_id")
);
--> statement-breakpoint
CREATE TABLE "production_schedule_version_task_link" (
	"production_schedule_version_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"start_date" timestamp,
	"due_date" timestamp,
	"estimation" double precision,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "production_schedule_version_task_link_uc" UNIQUE("production_schedule_version_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "production_schedule_version_task_link_person_link" (
	"production_schedule_version_task_link_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "production_schedule_version_task_link_person_link_pkey" PRIMARY KEY("production_schedule_version_task_link_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "salary_scale" (
	"department_id" uuid NOT NULL,
	"position" varchar(255),
	"seniority" varchar(255),
	"salary" integer NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "schedule_item" (
	"start_date" date,
	"end_date" date,
	"man_days" integer,
	"project_id" uuid,
	"task_type_id" uuid,
	"object_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "schedule_item_uc" UNIQUE("project_id","task_type_id","object_id")
);
--> statement-breakpoint
CREATE TABLE "time_spent" (
	"duration" double precision NOT NULL,
	"date" date NOT NULL,
	"task_id" uuid,
	"person_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "time_spent_uc" UNIQUE("person_id","task_id","date"),
	CONSTRAINT "check_duration_positive" CHECK ("time_spent"."duration" > 0)
);
--> statement-breakpoint
CREATE TABLE "task" (
	"name" varchar(80) NOT NULL,
	"description" text,
	"priority" integer,
	"difficulty" integer NOT NULL,
	"duration" double precision,
	"estimation" double precision,
	"completion_rate" integer,
	"retake_count" integer,
	"sort_order" integer,
	"start_date" timestamp,
	"due_date" timestamp,
	"real_start_date" timestamp,
	"end_date" timestamp,
	"done_date" timestamp,
	"last_comment_date" timestamp,
	"nb_assets_ready" integer,
	"data" jsonb,
	"nb_drawings" integer,
	"shotgun_id" integer,
	"last_preview_file_id" uuid,
	"project_id" uuid,
	"task_type_id" uuid,
	"task_status_id" uuid,
	"entity_id" uuid,
	"assigner_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "task_uc" UNIQUE("name","project_id","task_type_id","entity_id"),
	CONSTRAINT "check_difficulty" CHECK ("task"."difficulty" > 0 AND "task"."difficulty" < 6)
);
--> statement-breakpoint
CREATE TABLE "task_person_link" (
	"task_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "task_person_link_pkey" PRIMARY KEY("task_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "task_status" (
	"name" varchar(40) NOT NULL,
	"archived" boolean,
	"short_name" varchar(10) NOT NULL,
	"description" text,
	"color" varchar(7) NOT NULL,
	"priority" integer,
	"is_done" boolean,
	"is_artist_allowed" boolean,
	"is_client_allowed" boolean,
	"is_retake" boolean,
	"is_feedback_request" boolean,
	"is_default" boolean,
	"is_wip" boolean DEFAULT false,
	"shotgun_id" integer,
	"for_concept" boolean DEFAULT false,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp
);
--> statement-breakpoint
CREATE TABLE "task_type" (
	"name" varchar(40) NOT NULL,
	"short_name" varchar(20),
	"description" text,
	"color" varchar(7),
	"priority" integer,
	"for_entity" varchar(30),
	"allow_timelog" boolean,
	"archived" boolean,
	"shotgun_id" integer,
	"department_id" uuid,
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp,
	"updated_at" timestamp,
	CONSTRAINT "task_type_uc" UNIQUE("name","for_entity","department_id")
);
--> statement-breakpoint
ALTER TABLE "attachment_file" ADD CONSTRAINT "attachment_file_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "public"."comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment_file" ADD CONSTRAINT "attachment_file_chat_message_id_fkey" FOREIGN KEY ("chat_message_id") REFERENCES "public"."chat_message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_message" ADD CONSTRAINT "chat_message_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "public"."chat"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_message" ADD CONSTRAINT "chat_message_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_participant" ADD CONSTRAINT "chat_participant_chat_id_fkey" FOREIGN KEY ("chat_id") REFERENCES "public"."chat"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_participant" ADD CONSTRAINT "chat_participant_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_task_status_id_fkey" FOREIGN KEY ("task_status_id") REFERENCES "public"."task_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_editor_id_fkey" FOREIGN KEY ("editor_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment" ADD CONSTRAINT "comment_preview_file_id_fkey" FOREIGN KEY ("preview_file_id") REFERENCES "public"."preview_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_acknoledgments" ADD CONSTRAINT "comment_acknoledgments_comment_fkey" FOREIGN KEY ("comment") REFERENCES "public"."comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_acknoledgments" ADD CONSTRAINT "comment_acknoledgments_person_fkey" FOREIGN KEY ("person") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_department_mentions" ADD CONSTRAINT "comment_department_mentions_comment_fkey" FOREIGN KEY ("comment") REFERENCES "public"."comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_department_mentions" ADD CONSTRAINT "comment_department_mentions_department_fkey" FOREIGN KEY ("department") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_mentions" ADD CONSTRAINT "comment_mentions_comment_fkey" FOREIGN KEY ("comment") REFERENCES "public"."comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_mentions" ADD CONSTRAINT "comment_mentions_person_fkey" FOREIGN KEY ("person") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_preview_link" ADD CONSTRAINT "comment_preview_link_comment_fkey" FOREIGN KEY ("comment") REFERENCES "public"."comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_preview_link" ADD CONSTRAINT "comment_preview_link_preview_file_fkey" FOREIGN KEY ("preview_file") REFERENCES "public"."preview_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preview_file" ADD CONSTRAINT "preview_file_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preview_file" ADD CONSTRAINT "preview_file_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preview_file" ADD CONSTRAINT "preview_file_source_file_id_fkey" FOREIGN KEY ("source_file_id") REFERENCES "public"."output_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_instance" ADD CONSTRAINT "asset_instance_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_instance" ADD CONSTRAINT "asset_instance_scene_id_fkey" FOREIGN KEY ("scene_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_instance" ADD CONSTRAINT "asset_instance_target_asset_id_fkey" FOREIGN KEY ("target_asset_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_instance" ADD CONSTRAINT "asset_instance_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_instance" ADD CONSTRAINT "asset_instance_entity_type_id_fkey" FOREIGN KEY ("entity_type_id") REFERENCES "public"."entity_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_instance_link" ADD CONSTRAINT "asset_instance_link_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_instance_link" ADD CONSTRAINT "asset_instance_link_asset_instance_id_fkey" FOREIGN KEY ("asset_instance_id") REFERENCES "public"."asset_instance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity" ADD CONSTRAINT "entity_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity" ADD CONSTRAINT "entity_entity_type_id_fkey" FOREIGN KEY ("entity_type_id") REFERENCES "public"."entity_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity" ADD CONSTRAINT "entity_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity" ADD CONSTRAINT "entity_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity" ADD CONSTRAINT "entity_preview_file_id_fkey" FOREIGN KEY ("preview_file_id") REFERENCES "public"."preview_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity" ADD CONSTRAINT "entity_ready_for_fkey" FOREIGN KEY ("ready_for") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity" ADD CONSTRAINT "entity_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_concept_link" ADD CONSTRAINT "entity_concept_link_entity_in_id_fkey" FOREIGN KEY ("entity_in_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_concept_link" ADD CONSTRAINT "entity_concept_link_entity_out_id_fkey" FOREIGN KEY ("entity_out_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_link" ADD CONSTRAINT "entity_link_entity_in_id_fkey" FOREIGN KEY ("entity_in_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_link" ADD CONSTRAINT "entity_link_entity_out_id_fkey" FOREIGN KEY ("entity_out_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_version" ADD CONSTRAINT "entity_version_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_version" ADD CONSTRAINT "entity_version_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_type_asset_type_link" ADD CONSTRAINT "task_type_asset_type_link_asset_type_id_fkey" FOREIGN KEY ("asset_type_id") REFERENCES "public"."entity_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_type_asset_type_link" ADD CONSTRAINT "task_type_asset_type_link_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_file_status_id_fkey" FOREIGN KEY ("file_status_id") REFERENCES "public"."file_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_asset_instance_id_fkey" FOREIGN KEY ("asset_instance_id") REFERENCES "public"."asset_instance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_output_type_id_fkey" FOREIGN KEY ("output_type_id") REFERENCES "public"."output_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_source_file_id_fkey" FOREIGN KEY ("source_file_id") REFERENCES "public"."working_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_file" ADD CONSTRAINT "output_file_temporal_entity_id_fkey" FOREIGN KEY ("temporal_entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_department_link" ADD CONSTRAINT "software_department_link_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_department_link" ADD CONSTRAINT "software_department_link_software_id_fkey" FOREIGN KEY ("software_id") REFERENCES "public"."software"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_file" ADD CONSTRAINT "working_file_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_file" ADD CONSTRAINT "working_file_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_file" ADD CONSTRAINT "working_file_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_file" ADD CONSTRAINT "working_file_software_id_fkey" FOREIGN KEY ("software_id") REFERENCES "public"."software"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardware_item_department_link" ADD CONSTRAINT "hardware_item_department_link_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardware_item_department_link" ADD CONSTRAINT "hardware_item_department_link_hardware_item_id_fkey" FOREIGN KEY ("hardware_item_id") REFERENCES "public"."hardware_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_filter" ADD CONSTRAINT "search_filter_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_filter" ADD CONSTRAINT "search_filter_search_filter_group_id_fkey" FOREIGN KEY ("search_filter_group_id") REFERENCES "public"."search_filter_group"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_filter" ADD CONSTRAINT "search_filter_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_filter" ADD CONSTRAINT "search_filter_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_filter_group" ADD CONSTRAINT "search_filter_group_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_filter_group" ADD CONSTRAINT "search_filter_group_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_filter_group" ADD CONSTRAINT "search_filter_group_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_event" ADD CONSTRAINT "api_event_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_event" ADD CONSTRAINT "api_event_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news" ADD CONSTRAINT "news_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news" ADD CONSTRAINT "news_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "public"."comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news" ADD CONSTRAINT "news_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news" ADD CONSTRAINT "news_preview_file_id_fkey" FOREIGN KEY ("preview_file_id") REFERENCES "public"."preview_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "public"."comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_playlist_id_fkey" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlist"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_link" ADD CONSTRAINT "department_link_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_link" ADD CONSTRAINT "department_link_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desktop_login_log" ADD CONSTRAINT "desktop_login_log_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "login_log" ADD CONSTRAINT "login_log_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_studio_id_fkey" FOREIGN KEY ("studio_id") REFERENCES "public"."studio"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "build_job" ADD CONSTRAINT "build_job_playlist_id_fkey" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlist"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist" ADD CONSTRAINT "playlist_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist" ADD CONSTRAINT "playlist_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist" ADD CONSTRAINT "playlist_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist" ADD CONSTRAINT "playlist_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_share_link" ADD CONSTRAINT "playlist_share_link_playlist_id_fkey" FOREIGN KEY ("playlist_id") REFERENCES "public"."playlist"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playlist_share_link" ADD CONSTRAINT "playlist_share_link_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_metadata_descriptor_link" ADD CONSTRAINT "department_metadata_descriptor_link_metadata_descriptor_id_fkey" FOREIGN KEY ("metadata_descriptor_id") REFERENCES "public"."metadata_descriptor"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_metadata_descriptor_link" ADD CONSTRAINT "department_metadata_descriptor_link_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metadata_descriptor" ADD CONSTRAINT "metadata_descriptor_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metadata_descriptor" ADD CONSTRAINT "metadata_descriptor_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_project_status_id_fkey" FOREIGN KEY ("project_status_id") REFERENCES "public"."project_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_default_preview_background_file_id_fkey" FOREIGN KEY ("default_preview_background_file_id") REFERENCES "public"."preview_background_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project" ADD CONSTRAINT "project_from_schedule_version_id_fkey" FOREIGN KEY ("from_schedule_version_id") REFERENCES "public"."production_schedule_version"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_asset_type_link" ADD CONSTRAINT "project_asset_type_link_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_asset_type_link" ADD CONSTRAINT "project_asset_type_link_asset_type_id_fkey" FOREIGN KEY ("asset_type_id") REFERENCES "public"."entity_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_person_link" ADD CONSTRAINT "project_person_link_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_person_link" ADD CONSTRAINT "project_person_link_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_preview_background_file_link" ADD CONSTRAINT "project_preview_background_file_link_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_preview_background_file_link" ADD CONSTRAINT "project_preview_background_file_preview_background_file_id_fkey" FOREIGN KEY ("preview_background_file_id") REFERENCES "public"."preview_background_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_status_automation_link" ADD CONSTRAINT "project_status_automation_link_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_status_automation_link" ADD CONSTRAINT "project_status_automation_link_status_automation_id_fkey" FOREIGN KEY ("status_automation_id") REFERENCES "public"."status_automation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_status_link" ADD CONSTRAINT "project_task_status_link_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_status_link" ADD CONSTRAINT "project_task_status_link_task_status_id_fkey" FOREIGN KEY ("task_status_id") REFERENCES "public"."task_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_type_link" ADD CONSTRAINT "project_task_type_link_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_task_type_link" ADD CONSTRAINT "project_task_type_link_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template" ADD CONSTRAINT "project_template_default_preview_background_file_id_fkey" FOREIGN KEY ("default_preview_background_file_id") REFERENCES "public"."preview_background_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_asset_type_link" ADD CONSTRAINT "project_template_asset_type_link_project_template_id_fkey" FOREIGN KEY ("project_template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_asset_type_link" ADD CONSTRAINT "project_template_asset_type_link_asset_type_id_fkey" FOREIGN KEY ("asset_type_id") REFERENCES "public"."entity_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_preview_background_file_link" ADD CONSTRAINT "project_template_preview_background_fi_project_template_id_fkey" FOREIGN KEY ("project_template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_preview_background_file_link" ADD CONSTRAINT "project_template_preview_backgr_preview_background_file_id_fkey" FOREIGN KEY ("preview_background_file_id") REFERENCES "public"."preview_background_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_status_automation_link" ADD CONSTRAINT "project_template_status_automation_lin_project_template_id_fkey" FOREIGN KEY ("project_template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_status_automation_link" ADD CONSTRAINT "project_template_status_automation_li_status_automation_id_fkey" FOREIGN KEY ("status_automation_id") REFERENCES "public"."status_automation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_task_status_link" ADD CONSTRAINT "project_template_task_status_link_project_template_id_fkey" FOREIGN KEY ("project_template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_task_status_link" ADD CONSTRAINT "project_template_task_status_link_task_status_id_fkey" FOREIGN KEY ("task_status_id") REFERENCES "public"."task_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_task_type_link" ADD CONSTRAINT "project_template_task_type_link_project_template_id_fkey" FOREIGN KEY ("project_template_id") REFERENCES "public"."project_template"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_template_task_type_link" ADD CONSTRAINT "project_template_task_type_link_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_automation" ADD CONSTRAINT "status_automation_in_task_type_id_fkey" FOREIGN KEY ("in_task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_automation" ADD CONSTRAINT "status_automation_in_task_status_id_fkey" FOREIGN KEY ("in_task_status_id") REFERENCES "public"."task_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_automation" ADD CONSTRAINT "status_automation_out_task_type_id_fkey" FOREIGN KEY ("out_task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_automation" ADD CONSTRAINT "status_automation_out_task_status_id_fkey" FOREIGN KEY ("out_task_status_id") REFERENCES "public"."task_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget" ADD CONSTRAINT "budget_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_entry" ADD CONSTRAINT "budget_entry_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "public"."budget"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_entry" ADD CONSTRAINT "budget_entry_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_entry" ADD CONSTRAINT "budget_entry_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "day_off" ADD CONSTRAINT "day_off_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_version" ADD CONSTRAINT "production_schedule_version_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_version" ADD CONSTRAINT "production_schedule_version_production_schedule_from_fkey" FOREIGN KEY ("production_schedule_from") REFERENCES "public"."production_schedule_version"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_version_task_link" ADD CONSTRAINT "production_schedule_version_t_production_schedule_version__fkey" FOREIGN KEY ("production_schedule_version_id") REFERENCES "public"."production_schedule_version"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_version_task_link" ADD CONSTRAINT "production_schedule_version_task_link_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_version_task_link_person_link" ADD CONSTRAINT "production_schedule_version__production_schedule_version__fkey1" FOREIGN KEY ("production_schedule_version_task_link_id") REFERENCES "public"."production_schedule_version_task_link"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_version_task_link_person_link" ADD CONSTRAINT "production_schedule_version_task_link_person_lin_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "salary_scale" ADD CONSTRAINT "salary_scale_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_item" ADD CONSTRAINT "schedule_item_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_item" ADD CONSTRAINT "schedule_item_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_spent" ADD CONSTRAINT "time_spent_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_spent" ADD CONSTRAINT "time_spent_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_task_type_id_fkey" FOREIGN KEY ("task_type_id") REFERENCES "public"."task_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_task_status_id_fkey" FOREIGN KEY ("task_status_id") REFERENCES "public"."task_status"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "public"."entity"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_assigner_id_fkey" FOREIGN KEY ("assigner_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_person_link" ADD CONSTRAINT "task_person_link_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_person_link" ADD CONSTRAINT "task_person_link_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_type" ADD CONSTRAINT "task_type_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_attachment_file_comment_id" ON "attachment_file" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "ix_attachment_file_chat_message_id" ON "attachment_file" USING btree ("chat_message_id");--> statement-breakpoint
CREATE INDEX "ix_chat_object_id" ON "chat" USING btree ("object_id");--> statement-breakpoint
CREATE INDEX "ix_chat_object_type" ON "chat" USING btree ("object_type");--> statement-breakpoint
CREATE INDEX "ix_chat_message_chat_id" ON "chat_message" USING btree ("chat_id");--> statement-breakpoint
CREATE INDEX "ix_chat_message_person_id" ON "chat_message" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_comment_object_id" ON "comment" USING btree ("object_id");--> statement-breakpoint
CREATE INDEX "ix_comment_object_type" ON "comment" USING btree ("object_type");--> statement-breakpoint
CREATE INDEX "ix_comment_task_status_id" ON "comment" USING btree ("task_status_id");--> statement-breakpoint
CREATE INDEX "ix_comment_person_id" ON "comment" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_comment_editor_id" ON "comment" USING btree ("editor_id");--> statement-breakpoint
CREATE INDEX "ix_comment_preview_link_comment" ON "comment_preview_link" USING btree ("comment");--> statement-breakpoint
CREATE INDEX "ix_comment_preview_link_preview_file" ON "comment_preview_link" USING btree ("preview_file");--> statement-breakpoint
CREATE INDEX "ix_preview_background_file_is_default" ON "preview_background_file" USING btree ("is_default");--> statement-breakpoint
CREATE INDEX "ix_preview_file_task_id" ON "preview_file" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_preview_file_source_file_id" ON "preview_file" USING btree ("source_file_id");--> statement-breakpoint
CREATE INDEX "ix_asset_instance_asset_id" ON "asset_instance" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "ix_asset_instance_scene_id" ON "asset_instance" USING btree ("scene_id");--> statement-breakpoint
CREATE INDEX "ix_asset_instance_target_asset_id" ON "asset_instance" USING btree ("target_asset_id");--> statement-breakpoint
CREATE INDEX "ix_entity_status" ON "entity" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ix_entity_project_id" ON "entity" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_entity_entity_type_id" ON "entity" USING btree ("entity_type_id");--> statement-breakpoint
CREATE INDEX "ix_entity_parent_id" ON "entity" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "ix_entity_source_id" ON "entity" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "ix_entity_project_type_status" ON "entity" USING btree ("project_id","entity_type_id","status");--> statement-breakpoint
CREATE INDEX "ix_entity_link_entity_in_id" ON "entity_link" USING btree ("entity_in_id");--> statement-breakpoint
CREATE INDEX "ix_entity_link_entity_out_id" ON "entity_link" USING btree ("entity_out_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_entity_type_name" ON "entity_type" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_entity_version_entity_id" ON "entity_version" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "ix_entity_version_person_id" ON "entity_version" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_task_type_asset_type_link_asset_type_id" ON "task_type_asset_type_link" USING btree ("asset_type_id");--> statement-breakpoint
CREATE INDEX "ix_task_type_asset_type_link_task_type_id" ON "task_type_asset_type_link" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_representation" ON "output_file" USING btree ("representation");--> statement-breakpoint
CREATE INDEX "ix_output_file_file_status_id" ON "output_file" USING btree ("file_status_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_entity_id" ON "output_file" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_asset_instance_id" ON "output_file" USING btree ("asset_instance_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_output_type_id" ON "output_file" USING btree ("output_type_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_task_type_id" ON "output_file" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_person_id" ON "output_file" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_source_file_id" ON "output_file" USING btree ("source_file_id");--> statement-breakpoint
CREATE INDEX "ix_output_file_temporal_entity_id" ON "output_file" USING btree ("temporal_entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_output_type_name" ON "output_type" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_software_department_link_department_id" ON "software_department_link" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "ix_software_department_link_software_id" ON "software_department_link" USING btree ("software_id");--> statement-breakpoint
CREATE INDEX "ix_working_file_shotgun_id" ON "working_file" USING btree ("shotgun_id");--> statement-breakpoint
CREATE INDEX "ix_working_file_task_id" ON "working_file" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_working_file_entity_id" ON "working_file" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "ix_working_file_person_id" ON "working_file" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_working_file_software_id" ON "working_file" USING btree ("software_id");--> statement-breakpoint
CREATE INDEX "kumiki_job_status_run_after_idx" ON "kumiki_job" USING btree ("status","run_after");--> statement-breakpoint
CREATE INDEX "kumiki_saml_assertion_expires_at_idx" ON "kumiki_saml_assertion" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "kumiki_token_revocation_expires_at_idx" ON "kumiki_token_revocation" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "ix_hardware_item_department_link_department_id" ON "hardware_item_department_link" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "ix_hardware_item_department_link_hardware_item_id" ON "hardware_item_department_link" USING btree ("hardware_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_plugin_plugin_id" ON "plugin" USING btree ("plugin_id");--> statement-breakpoint
CREATE INDEX "ix_plugin_name" ON "plugin" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_search_filter_list_type" ON "search_filter" USING btree ("list_type");--> statement-breakpoint
CREATE INDEX "ix_search_filter_person_id" ON "search_filter" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_search_filter_project_id" ON "search_filter" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_search_filter_group_list_type" ON "search_filter_group" USING btree ("list_type");--> statement-breakpoint
CREATE INDEX "ix_search_filter_group_person_id" ON "search_filter_group" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_search_filter_group_project_id" ON "search_filter_group" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_api_event_name" ON "api_event" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_api_event_user_id" ON "api_event" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_api_event_project_id" ON "api_event" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_api_event_project_id_created_at" ON "api_event" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_news_author_id" ON "news" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "ix_news_comment_id" ON "news" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "ix_news_task_id" ON "news" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_news_preview_file_id" ON "news" USING btree ("preview_file_id");--> statement-breakpoint
CREATE INDEX "ix_notification_person_id" ON "notification" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_notification_author_id" ON "notification" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "ix_notification_comment_id" ON "notification" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "ix_notification_task_id" ON "notification" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_notification_playlist_id" ON "notification" USING btree ("playlist_id");--> statement-breakpoint
CREATE INDEX "ix_notification_reply_id" ON "notification" USING btree ("reply_id");--> statement-breakpoint
CREATE INDEX "ix_subscription_person_id" ON "subscription" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_subscription_task_id" ON "subscription" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_subscription_entity_id" ON "subscription" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "ix_subscription_task_type_id" ON "subscription" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_department_link_person_id" ON "department_link" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_department_link_department_id" ON "department_link" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "ix_desktop_login_log_person_id" ON "desktop_login_log" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_login_log_person_id" ON "login_log" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_person_studio_id" ON "person" USING btree ("studio_id");--> statement-breakpoint
CREATE UNIQUE INDEX "only_one_email_by_person" ON "person" USING btree ("email","is_bot") WHERE "person"."is_bot" IS NOT true;--> statement-breakpoint
CREATE INDEX "ix_build_job_playlist_id" ON "build_job" USING btree ("playlist_id");--> statement-breakpoint
CREATE INDEX "ix_playlist_project_id" ON "playlist" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_playlist_episode_id" ON "playlist" USING btree ("episode_id");--> statement-breakpoint
CREATE INDEX "ix_playlist_task_type_id" ON "playlist" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_playlist_for_client" ON "playlist" USING btree ("for_client");--> statement-breakpoint
CREATE INDEX "ix_playlist_for_entity" ON "playlist" USING btree ("for_entity");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_playlist_share_link_token" ON "playlist_share_link" USING btree ("token");--> statement-breakpoint
CREATE INDEX "ix_playlist_share_link_playlist_id" ON "playlist_share_link" USING btree ("playlist_id");--> statement-breakpoint
CREATE INDEX "ix_playlist_share_link_playlist_active" ON "playlist_share_link" USING btree ("playlist_id","is_active");--> statement-breakpoint
CREATE INDEX "ix_department_metadata_descriptor_link_metadata_descriptor_id" ON "department_metadata_descriptor_link" USING btree ("metadata_descriptor_id");--> statement-breakpoint
CREATE INDEX "ix_department_metadata_descriptor_link_department_id" ON "department_metadata_descriptor_link" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "ix_metadata_descriptor_project_id" ON "metadata_descriptor" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_metadata_descriptor_entity_type" ON "metadata_descriptor" USING btree ("entity_type");--> statement-breakpoint
CREATE INDEX "ix_metadata_descriptor_task_type_id" ON "metadata_descriptor" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_metadata_descriptor_for_client" ON "metadata_descriptor" USING btree ("for_client");--> statement-breakpoint
CREATE UNIQUE INDEX "metadata_descriptor_task_type_uc" ON "metadata_descriptor" USING btree ("project_id","entity_type","task_type_id","name") WHERE "metadata_descriptor"."task_type_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "metadata_descriptor_task_type_uc2" ON "metadata_descriptor" USING btree ("project_id","entity_type","task_type_id","field_name") WHERE "metadata_descriptor"."task_type_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "metadata_descriptor_uc" ON "metadata_descriptor" USING btree ("project_id","entity_type","name") WHERE "metadata_descriptor"."task_type_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "metadata_descriptor_uc2" ON "metadata_descriptor" USING btree ("project_id","entity_type","field_name") WHERE "metadata_descriptor"."task_type_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ix_project_name" ON "project" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_project_project_status_id" ON "project" USING btree ("project_status_id");--> statement-breakpoint
CREATE INDEX "ix_project_default_preview_background_file_id" ON "project" USING btree ("default_preview_background_file_id");--> statement-breakpoint
CREATE INDEX "ix_project_from_schedule_version_id" ON "project" USING btree ("from_schedule_version_id");--> statement-breakpoint
CREATE INDEX "ix_project_asset_type_link_project_id" ON "project_asset_type_link" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_project_asset_type_link_asset_type_id" ON "project_asset_type_link" USING btree ("asset_type_id");--> statement-breakpoint
CREATE INDEX "ix_project_person_link_project_id" ON "project_person_link" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_project_person_link_person_id" ON "project_person_link" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_project_preview_background_file_link_project_id" ON "project_preview_background_file_link" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_project_preview_background_file_link_preview_background_file" ON "project_preview_background_file_link" USING btree ("preview_background_file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_project_status_name" ON "project_status" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_project_status_automation_link_project_id" ON "project_status_automation_link" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_project_status_automation_link_status_automation_id" ON "project_status_automation_link" USING btree ("status_automation_id");--> statement-breakpoint
CREATE INDEX "ix_project_task_status_link_project_id" ON "project_task_status_link" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_project_task_status_link_task_status_id" ON "project_task_status_link" USING btree ("task_status_id");--> statement-breakpoint
CREATE INDEX "ix_project_task_type_link_project_id" ON "project_task_type_link" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_project_task_type_link_task_type_id" ON "project_task_type_link" USING btree ("task_type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_project_template_name" ON "project_template" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ix_project_template_default_preview_background_file_id" ON "project_template" USING btree ("default_preview_background_file_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_asset_type_link_project_template_id" ON "project_template_asset_type_link" USING btree ("project_template_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_asset_type_link_asset_type_id" ON "project_template_asset_type_link" USING btree ("asset_type_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_preview_background_file_link_project_templa" ON "project_template_preview_background_file_link" USING btree ("project_template_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_preview_background_file_link_preview_backgr" ON "project_template_preview_background_file_link" USING btree ("preview_background_file_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_status_automation_link_project_template_id" ON "project_template_status_automation_link" USING btree ("project_template_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_status_automation_link_status_automation_id" ON "project_template_status_automation_link" USING btree ("status_automation_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_task_status_link_project_template_id" ON "project_template_task_status_link" USING btree ("project_template_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_task_status_link_task_status_id" ON "project_template_task_status_link" USING btree ("task_status_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_task_type_link_project_template_id" ON "project_template_task_type_link" USING btree ("project_template_id");--> statement-breakpoint
CREATE INDEX "ix_project_template_task_type_link_task_type_id" ON "project_template_task_type_link" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_status_automation_in_task_type_id" ON "status_automation" USING btree ("in_task_type_id");--> statement-breakpoint
CREATE INDEX "ix_status_automation_in_task_status_id" ON "status_automation" USING btree ("in_task_status_id");--> statement-breakpoint
CREATE INDEX "ix_status_automation_out_task_type_id" ON "status_automation" USING btree ("out_task_type_id");--> statement-breakpoint
CREATE INDEX "ix_status_automation_out_task_status_id" ON "status_automation" USING btree ("out_task_status_id");--> statement-breakpoint
CREATE INDEX "ix_budget_project_id" ON "budget" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_budget_entry_budget_id" ON "budget_entry" USING btree ("budget_id");--> statement-breakpoint
CREATE INDEX "ix_budget_entry_department_id" ON "budget_entry" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "ix_budget_entry_person_id" ON "budget_entry" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_day_off_person_id" ON "day_off" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_milestone_project_id" ON "milestone" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_milestone_task_type_id" ON "milestone" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_production_schedule_version_project_id" ON "production_schedule_version" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_production_schedule_version_production_schedule_from" ON "production_schedule_version" USING btree ("production_schedule_from");--> statement-breakpoint
CREATE INDEX "ix_production_schedule_version_task_link_production_schedule_ve" ON "production_schedule_version_task_link" USING btree ("production_schedule_version_id");--> statement-breakpoint
CREATE INDEX "ix_production_schedule_version_task_link_task_id" ON "production_schedule_version_task_link" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_salary_scale_department_id" ON "salary_scale" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "ix_schedule_item_project_id" ON "schedule_item" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_schedule_item_task_type_id" ON "schedule_item" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_schedule_item_object_id" ON "schedule_item" USING btree ("object_id");--> statement-breakpoint
CREATE INDEX "ix_time_spent_task_id" ON "time_spent" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "ix_time_spent_person_id" ON "time_spent" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ix_task_project_id" ON "task" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ix_task_task_type_id" ON "task" USING btree ("task_type_id");--> statement-breakpoint
CREATE INDEX "ix_task_task_status_id" ON "task" USING btree ("task_status_id");--> statement-breakpoint
CREATE INDEX "ix_task_entity_id" ON "task" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "ix_task_assigner_id" ON "task" USING btree ("assigner_id");--> statement-breakpoint
CREATE INDEX "ix_task_person_link_person_id" ON "task_person_link" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ix_task_status_short_name" ON "task_status" USING btree ("short_name");--> statement-breakpoint
CREATE INDEX "ix_task_status_is_done" ON "task_status" USING btree ("is_done");--> statement-breakpoint
CREATE INDEX "ix_task_status_is_feedback_request" ON "task_status" USING btree ("is_feedback_request");--> statement-breakpoint
CREATE INDEX "ix_task_status_is_default" ON "task_status" USING btree ("is_default");--> statement-breakpoint
CREATE INDEX "ix_task_status_is_wip" ON "task_status" USING btree ("is_wip");--> statement-breakpoint
CREATE INDEX "ix_task_type_shotgun_id" ON "task_type" USING btree ("shotgun_id");--> statement-breakpoint
CREATE INDEX "ix_task_type_department_id" ON "task_type" USING btree ("department_id");