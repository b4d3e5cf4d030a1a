package io.custodia.demo;

import static io.custodia.platform.db.Tables.ACTIVITY;
import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.COMPANY;
import static io.custodia.platform.db.Tables.CONTACT;
import static io.custodia.platform.db.Tables.CONVERSATION;
import static io.custodia.platform.db.Tables.CONVERSATION_MESSAGE;
import static io.custodia.platform.db.Tables.CUSTOM_FIELD;
import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.DEAL_CONTACT;
import static io.custodia.platform.db.Tables.DEPARTMENT;
import static io.custodia.platform.db.Tables.DEPARTMENT_MEMBER;
import static io.custodia.platform.db.Tables.PIPELINE;
import static io.custodia.platform.db.Tables.PIPELINE_STAGE;
import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;
import static io.custodia.platform.db.Tables.TEAM;
import static io.custodia.platform.db.Tables.TEAM_MEMBER;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.access.OwnerUnits;
import io.custodia.access.Roles;
import io.custodia.directory.PasswordPolicy;
import io.custodia.directory.Passwords;
import io.custodia.platform.Tenancy;
import io.custodia.policy.RoleTemplates;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With {@code --demo} (or {@code CUSTODIA_DEMO=true}) the server creates, once, a workspace
 * {@code demo}: a small sales organisation with a user of every template, a pipeline, a custom
 * field and about 10,000 records, and prints the sign-ins so that a newcomer can compare what a
 * salesperson and a manager see.
 */
@Component
class DemoWorkspace {
    static final String SLUG = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoWorkspace.class);
    private static final List<String> REGIONS = List.of("SP", "RJ", "MG", "RS", "PR", "SC");

    private final DSLContext db;
    private final Roles roles;
    private final Passwords passwords;
    private final PasswordPolicy policy;
    private final TransactionTemplate transactions;
    private final Environment environment;
    private final ApplicationArguments arguments;
    private final OwnerUnits units;

    DemoWorkspace(
            DSLContext db,
            Roles roles,
            Passwords passwords,
            PasswordPolicy policy,
            TransactionTemplate transactions,
            Environment environment,
            ApplicationArguments arguments,
            OwnerUnits units) {
        this.units = units;
        this.db = db;
        this.roles = roles;
        this.passwords = passwords;
        this.policy = policy;
        this.transactions = transactions;
        this.environment = environment;
        this.arguments = arguments;
    }

    // Before the start-up banner, which tells whether the server holds a workspace yet.
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @EventListener(ApplicationReadyEvent.class)
    void createIfAsked() {
        boolean asked =
                arguments.containsOption("demo") || environment.getProperty("custodia.demo", Boolean.class, false);
        if (!asked) {
            return;
        }
        if (db.fetchExists(WORKSPACE, WORKSPACE.SLUG.eq(SLUG))) {
            log.info("Demo workspace '{}' exists already; its passwords were printed when it was created", SLUG);
            return;
        }
        List<String> signIns;
        try {
            signIns = transactions.execute(status -> create());
        } finally {
            Tenancy.leave();
        }
        log.info(
                "Demo workspace '{}' created. Sign in with workspace '{}' and:\n  {}",
                SLUG,
                SLUG,
                String.join("\n  ", signIns));
    }

    private List<String> create() {
        Random random = new Random(7);
        UUID ws = UUID.randomUUID();
        Tenancy.enter(ws);
        db.insertInto(WORKSPACE)
                .set(WORKSPACE.ID, ws)
                .set(WORKSPACE.SLUG, SLUG)
                .set(WORKSPACE.NAME, "Demo Vendas")
                .execute();
        Map<String, UUID> templates = roles.installTemplates(ws, Locale.ENGLISH);
        UUID sales = department(ws, "Vendas", null);
        UUID south = department(ws, "Vendas Sul", sales);
        UUID southeast = department(ws, "Vendas Sudeste", sales);
        UUID service = department(ws, "Atendimento", null);
        List<String> signIns = new ArrayList<>();
        UUID admin = user(ws, "admin@demo.test", "Alice Admin", signIns);
        assign(ws, templates.get(RoleTemplates.ADMINISTRATOR), admin);
        UUID manager = user(ws, "gerente@demo.test", "Marcos Gerente", signIns);
        member(ws, sales, manager, true);
        assign(ws, templates.get(RoleTemplates.MANAGER), manager);
        List<UUID> sellers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            UUID s = user(ws, "vendedor" + i + "@demo.test", "Vendedor Sul " + i, signIns);
            member(ws, south, s, false);
            sellers.add(s);
            UUID se = user(ws, "vendedora" + i + "@demo.test", "Vendedora Sudeste " + i, signIns);
            member(ws, southeast, se, false);
            sellers.add(se);
        }
        db.insertInto(ROLE_ASSIGNMENT)
                .set(ROLE_ASSIGNMENT.WORKSPACE_ID, ws)
                .set(ROLE_ASSIGNMENT.ID, UUID.randomUUID())
                .set(ROLE_ASSIGNMENT.ROLE_ID, templates.get(RoleTemplates.SALESPERSON))
                .set(ROLE_ASSIGNMENT.DEPARTMENT_ID, sales)
                .set(ROLE_ASSIGNMENT.INCLUDE_SUBDEPARTMENTS, true)
                .execute();
        UUID attendant = user(ws, "atendimento@demo.test", "Ana Atendimento", signIns);
        member(ws, service, attendant, false);
        assign(ws, templates.get(RoleTemplates.CUSTOMER_SERVICE), attendant);
        UUID reader = user(ws, "leitura@demo.test", "Leo Leitura", signIns);
        assign(ws, templates.get(RoleTemplates.READ_ONLY), reader);

        UUID pipeline = UUID.randomUUID();
        db.insertInto(PIPELINE)
                .set(PIPELINE.WORKSPACE_ID, ws)
                .set(PIPELINE.ID, pipeline)
                .set(PIPELINE.NAME, "Vendas")
                .execute();
        List<UUID> stages = new ArrayList<>();
        String[][] stageNames = {
            {"Prospecção", "OPEN"},
            {"Qualificação", "OPEN"},
            {"Proposta", "OPEN"},
            {"Negociação", "OPEN"},
            {"Ganho", "WON"},
            {"Perdido", "LOST"}
        };
        for (int i = 0; i < stageNames.length; i++) {
            UUID stage = UUID.randomUUID();
            db.insertInto(PIPELINE_STAGE)
                    .set(PIPELINE_STAGE.WORKSPACE_ID, ws)
                    .set(PIPELINE_STAGE.ID, stage)
                    .set(PIPELINE_STAGE.PIPELINE_ID, pipeline)
                    .set(PIPELINE_STAGE.NAME, stageNames[i][0])
                    .set(PIPELINE_STAGE.KIND, stageNames[i][1])
                    .set(PIPELINE_STAGE.POSITION, i + 1)
                    .execute();
            stages.add(stage);
        }
        db.insertInto(CUSTOM_FIELD)
                .set(CUSTOM_FIELD.WORKSPACE_ID, ws)
                .set(CUSTOM_FIELD.ID, UUID.randomUUID())
                .set(CUSTOM_FIELD.ENTITY, "deal")
                .set(CUSTOM_FIELD.KEY, "region")
                .set(CUSTOM_FIELD.LABEL, "Região")
                .set(CUSTOM_FIELD.TYPE, "select")
                .set(CUSTOM_FIELD.OPTIONS, JSONB.valueOf("[\"SP\",\"RJ\",\"MG\",\"RS\",\"PR\",\"SC\"]"))
                .execute();

        List<UUID> owners = new ArrayList<>(sellers);
        owners.add(manager);
        List<Query> batch = new ArrayList<>();
        List<UUID> companies = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            UUID id = UUID.randomUUID();
            companies.add(id);
            batch.add(db.insertInto(COMPANY)
                    .set(COMPANY.WORKSPACE_ID, ws)
                    .set(COMPANY.ID, id)
                    .set(COMPANY.OWNER_ID, owners.get(random.nextInt(owners.size())))
                    .set(COMPANY.NAME, "Empresa " + (i + 1))
                    .set(COMPANY.DOMAIN, "empresa" + (i + 1) + ".com.br"));
        }
        List<UUID> contacts = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            UUID id = UUID.randomUUID();
            contacts.add(id);
            batch.add(db.insertInto(CONTACT)
                    .set(CONTACT.WORKSPACE_ID, ws)
                    .set(CONTACT.ID, id)
                    .set(CONTACT.OWNER_ID, owners.get(random.nextInt(owners.size())))
                    .set(CONTACT.FIRST_NAME, "Contato")
                    .set(CONTACT.LAST_NAME, String.valueOf(i + 1))
                    .set(CONTACT.EMAIL, "contato" + (i + 1) + "@cliente.com.br")
                    .set(CONTACT.PHONE, "+55 11 9" + (10_000_000 + random.nextInt(89_999_999)))
                    .set(CONTACT.COMPANY_ID, companies.get(random.nextInt(companies.size()))));
        }
        List<UUID> deals = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            UUID id = UUID.randomUUID();
            deals.add(id);
            batch.add(db.insertInto(DEAL)
                    .set(DEAL.WORKSPACE_ID, ws)
                    .set(DEAL.ID, id)
                    .set(DEAL.OWNER_ID, owners.get(random.nextInt(owners.size())))
                    .set(DEAL.TITLE, "Negócio " + (i + 1))
                    .set(DEAL.AMOUNT, BigDecimal.valueOf(1_000L + random.nextInt(200) * 500L))
                    .set(DEAL.CURRENCY, "BRL")
                    .set(DEAL.PIPELINE_ID, pipeline)
                    .set(DEAL.STAGE_ID, stages.get(random.nextInt(stages.size())))
                    .set(DEAL.COMPANY_ID, companies.get(random.nextInt(companies.size())))
                    .set(
                            DEAL.FIELDS,
                            JSONB.valueOf("{\"region\": \"" + REGIONS.get(random.nextInt(REGIONS.size())) + "\"}"))
                    .set(DEAL.UPDATED_AT, OffsetDateTime.now().minusMinutes(random.nextInt(60 * 24 * 90))));
        }
        String[] types = {"call", "meeting", "task"};
        for (int i = 0; i < 1_000; i++) {
            batch.add(db.insertInto(ACTIVITY)
                    .set(ACTIVITY.WORKSPACE_ID, ws)
                    .set(ACTIVITY.ID, UUID.randomUUID())
                    .set(ACTIVITY.OWNER_ID, owners.get(random.nextInt(owners.size())))
                    .set(ACTIVITY.TYPE, types[random.nextInt(types.length)])
                    .set(ACTIVITY.SUBJECT, "Follow-up " + (i + 1))
                    .set(ACTIVITY.DUE_AT, OffsetDateTime.now().plusDays(random.nextInt(30)))
                    .set(ACTIVITY.DEAL_ID, deals.get(random.nextInt(deals.size()))));
        }
        for (UUID deal : deals) {
            batch.add(db.insertInto(DEAL_CONTACT)
                    .set(DEAL_CONTACT.WORKSPACE_ID, ws)
                    .set(DEAL_CONTACT.DEAL_ID, deal)
                    .set(DEAL_CONTACT.CONTACT_ID, contacts.get(random.nextInt(contacts.size()))));
        }
        // Two inboxes: "Suporte" shows its conversations to the team, "VIP" only to attendant and supervisor.
        UUID support = team(ws, "Suporte", "TEAM");
        UUID vip = team(ws, "VIP", "ATTENDANT");
        teamMember(ws, support, attendant, true);
        teamMember(ws, support, sellers.get(0), false);
        teamMember(ws, vip, manager, true);
        teamMember(ws, vip, attendant, false);
        Map<UUID, List<UUID>> members =
                Map.of(support, List.of(attendant, sellers.get(0)), vip, List.of(manager, attendant));
        List<UUID> inboxes = List.of(support, vip);
        String[] channels = {"whatsapp", "email", "chat"};
        for (int i = 0; i < 200; i++) {
            UUID team = inboxes.get(random.nextInt(inboxes.size()));
            boolean open = random.nextInt(10) < 3;
            UUID attending = open && random.nextInt(3) == 0
                    ? null
                    : members.get(team).get(random.nextInt(members.get(team).size()));
            UUID id = UUID.randomUUID();
            OffsetDateTime at = OffsetDateTime.now().minusMinutes(random.nextInt(60 * 24 * 30));
            batch.add(db.insertInto(CONVERSATION)
                    .set(CONVERSATION.WORKSPACE_ID, ws)
                    .set(CONVERSATION.ID, id)
                    .set(CONVERSATION.TEAM_ID, team)
                    .set(CONVERSATION.CONTACT_ID, contacts.get(random.nextInt(contacts.size())))
                    .set(CONVERSATION.ATTENDANT_ID, attending)
                    .set(CONVERSATION.CHANNEL, channels[random.nextInt(channels.length)])
                    .set(CONVERSATION.SUBJECT, "Atendimento " + (i + 1))
                    .set(CONVERSATION.STATE, open ? "OPEN" : "COMPLETED")
                    .set(CONVERSATION.CREATED_BY, admin)
                    .set(CONVERSATION.CREATED_AT, at)
                    .set(CONVERSATION.UPDATED_AT, at)
                    .set(CONVERSATION.COMPLETED_AT, open ? null : at));
            batch.add(db.insertInto(CONVERSATION_MESSAGE)
                    .set(CONVERSATION_MESSAGE.WORKSPACE_ID, ws)
                    .set(CONVERSATION_MESSAGE.ID, UUID.randomUUID())
                    .set(CONVERSATION_MESSAGE.CONVERSATION_ID, id)
                    .set(CONVERSATION_MESSAGE.AUTHOR_ID, attending == null ? admin : attending)
                    .set(CONVERSATION_MESSAGE.BODY, "Olá! Como posso ajudar?")
                    .set(CONVERSATION_MESSAGE.CREATED_AT, at));
        }
        for (int from = 0; from < batch.size(); from += 1_000) {
            db.batch(batch.subList(from, Math.min(batch.size(), from + 1_000))).execute();
        }
        return signIns;
    }

    private UUID team(UUID ws, String name, String visibility) {
        UUID id = UUID.randomUUID();
        db.insertInto(TEAM)
                .set(TEAM.WORKSPACE_ID, ws)
                .set(TEAM.ID, id)
                .set(TEAM.NAME, name)
                .set(TEAM.VISIBILITY, visibility)
                .execute();
        return id;
    }

    private void teamMember(UUID ws, UUID team, UUID user, boolean supervisor) {
        db.insertInto(TEAM_MEMBER)
                .set(TEAM_MEMBER.WORKSPACE_ID, ws)
                .set(TEAM_MEMBER.TEAM_ID, team)
                .set(TEAM_MEMBER.USER_ID, user)
                .set(TEAM_MEMBER.SUPERVISOR, supervisor)
                .execute();
    }

    private UUID department(UUID ws, String name, UUID parent) {
        UUID id = UUID.randomUUID();
        db.insertInto(DEPARTMENT)
                .set(DEPARTMENT.WORKSPACE_ID, ws)
                .set(DEPARTMENT.ID, id)
                .set(DEPARTMENT.NAME, name)
                .set(DEPARTMENT.PARENT_ID, parent)
                .execute();
        return id;
    }

    private UUID user(UUID ws, String email, String name, List<String> signIns) {
        String password = password(policy, email, name, SLUG);
        UUID id = UUID.randomUUID();
        db.insertInto(APP_USER)
                .set(APP_USER.WORKSPACE_ID, ws)
                .set(APP_USER.ID, id)
                .set(APP_USER.EMAIL, email)
                .set(APP_USER.NAME, name)
                .set(APP_USER.PASSWORD_HASH, passwords.hash(password))
                .execute();
        signIns.add(String.format("%-26s %-20s password %s", email, name, password));
        return id;
    }

    private void member(UUID ws, UUID department, UUID user, boolean head) {
        db.insertInto(DEPARTMENT_MEMBER)
                .set(DEPARTMENT_MEMBER.WORKSPACE_ID, ws)
                .set(DEPARTMENT_MEMBER.DEPARTMENT_ID, department)
                .set(DEPARTMENT_MEMBER.USER_ID, user)
                .set(DEPARTMENT_MEMBER.HEAD, head)
                .execute();
        // The demo's records are written below without their unit; the settler keys them.
        units.reassess(ws, user);
    }

    private void assign(UUID ws, UUID role, UUID user) {
        roles.assignPersonally(ws, role, user);
    }

    /** A random password that the policy accepts for this person (almost every one does). */
    static String password(PasswordPolicy policy, String... context) {
        String password;
        do {
            password = random();
        } while (policy.refusal(password, Locale.ROOT, context).isPresent());
        return password;
    }

    private static String random() {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            p.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return p.toString();
    }
}
