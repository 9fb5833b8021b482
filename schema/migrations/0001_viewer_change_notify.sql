-- Every instance keeps the people it authenticated in memory (src/auth/viewer-cache.ts).
-- These triggers tell every instance, through NOTIFY on kumiki_viewer_changed, which
-- person's row or team links changed, whoever wrote them: Kumiki, a script or psql.
CREATE FUNCTION kumiki_notify_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kumiki_viewer_changed', coalesce(NEW.id, OLD.id)::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION kumiki_notify_team_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('kumiki_viewer_changed', OLD.person_id::text); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('kumiki_viewer_changed', NEW.person_id::text); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER kumiki_person_changed AFTER INSERT OR UPDATE OR DELETE ON person
  FOR EACH ROW EXECUTE FUNCTION kumiki_notify_person_changed();
--> statement-breakpoint
CREATE TRIGGER kumiki_team_link_changed AFTER INSERT OR UPDATE OR DELETE ON project_person_link
  FOR EACH ROW EXECUTE FUNCTION kumiki_notify_team_link_changed();
--> statement-breakpoint
CREATE FUNCTION kumiki_notify_viewers_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kumiki_viewer_changed', '*');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER kumiki_person_truncated AFTER TRUNCATE ON person
  FOR EACH STATEMENT EXECUTE FUNCTION kumiki_notify_viewers_truncated();
--> statement-breakpoint
CREATE TRIGGER kumiki_team_links_truncated AFTER TRUNCATE ON project_person_link
  FOR EACH STATEMENT EXECUTE FUNCTION kumiki_notify_viewers_truncated();
