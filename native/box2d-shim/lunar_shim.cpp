// A small C API over Box2D 2.4 with only what LunarLander needs: a world, bodies addressed by index, polygon and
// edge fixtures with collision filters, revolute joints with limit and motor, forces and impulses, stepping,
// a compact body-state read/write, and per-body contact flags kept by a contact listener.
// Managed code (src/Itt.Environments.Box2D) builds the lander from these calls; nothing lander-specific lives here.
// Worlds share no state (Box2D 2.4 keeps only statistics counters in globals), so rollout threads may each own one.
#include <box2d/box2d.h>

#include <cstdint>
#include <new>
#include <vector>

namespace {

// Contact flags of one body, written by the listener. `touching` follows Gymnasium's listener literally: set on
// any begin-contact, cleared on any end-contact (not a count). `touched` is sticky until cleared by the caller,
// which is what "the hull touched the ground at some point during this step" needs.
struct ContactFlags {
    int32_t touching = 0;
    int32_t touched = 0;
};

struct World;

class Listener final : public b2ContactListener {
public:
    explicit Listener(World* world) : world_(world) {}
    void BeginContact(b2Contact* contact) override;
    void EndContact(b2Contact* contact) override;

private:
    World* world_;
};

struct World {
    b2World world;
    Listener listener;
    std::vector<b2Body*> bodies;
    std::vector<ContactFlags> flags;

    World(float gx, float gy) : world(b2Vec2(gx, gy)), listener(this) { world.SetContactListener(&listener); }

    b2Body* Body(int32_t index) const {
        return index >= 0 && static_cast<size_t>(index) < bodies.size() ? bodies[index] : nullptr;
    }

    // Bodies carry index + 1 in their user data so that 0 means "not one of ours".
    ContactFlags* FlagsOf(b2Fixture* fixture) {
        uintptr_t tag = fixture->GetBody()->GetUserData().pointer;
        return tag == 0 ? nullptr : &flags[tag - 1];
    }
};

void Listener::BeginContact(b2Contact* contact) {
    for (b2Fixture* f : {contact->GetFixtureA(), contact->GetFixtureB()})
        if (ContactFlags* c = world_->FlagsOf(f)) {
            c->touching = 1;
            c->touched = 1;
        }
}

void Listener::EndContact(b2Contact* contact) {
    for (b2Fixture* f : {contact->GetFixtureA(), contact->GetFixtureB()})
        if (ContactFlags* c = world_->FlagsOf(f)) c->touching = 0;
}

b2FixtureDef FixtureDef(const b2Shape* shape, float density, float friction, float restitution,
                        uint16_t category, uint16_t mask) {
    b2FixtureDef def;
    def.shape = shape;
    def.density = density;
    def.friction = friction;
    def.restitution = restitution;
    def.filter.categoryBits = category;
    def.filter.maskBits = mask;
    return def;
}

}  // namespace

#define ITT_EXPORT __attribute__((visibility("default")))

extern "C" {

// Layout shared with the managed BodyState struct; keep the two in step.
struct itt_body_state {
    float x, y, angle;
    float vx, vy, omega;
    int32_t awake;
    int32_t touching;
    int32_t touched;
};

struct itt_revolute_def {
    float anchor_ax, anchor_ay, anchor_bx, anchor_by;
    float reference_angle;
    int32_t enable_limit;
    float lower_angle, upper_angle;
    int32_t enable_motor;
    float motor_speed, max_motor_torque;
};

// Lets the managed side check that it loaded the library it was written against.
ITT_EXPORT int32_t itt_b2_abi_version() { return 1; }

ITT_EXPORT void* itt_b2_world_create(float gx, float gy, int32_t allow_sleep) {
    World* w = new (std::nothrow) World(gx, gy);
    if (w) w->world.SetAllowSleeping(allow_sleep != 0);
    return w;
}

ITT_EXPORT void itt_b2_world_destroy(void* world) { delete static_cast<World*>(world); }

ITT_EXPORT void itt_b2_world_step(void* world, float dt, int32_t velocity_iterations, int32_t position_iterations) {
    static_cast<World*>(world)->world.Step(dt, velocity_iterations, position_iterations);
}

// type: 0 static, 1 kinematic, 2 dynamic (b2BodyType). Returns the body index.
ITT_EXPORT int32_t itt_b2_body_create(void* world, int32_t type, float x, float y, float angle) {
    World* w = static_cast<World*>(world);
    if (type < 0 || type > 2) return -1;
    b2BodyDef def;
    def.type = static_cast<b2BodyType>(type);
    def.position.Set(x, y);
    def.angle = angle;
    def.userData.pointer = w->bodies.size() + 1;
    w->bodies.push_back(w->world.CreateBody(&def));
    w->flags.emplace_back();
    return static_cast<int32_t>(w->bodies.size() - 1);
}

// xy holds count (x, y) pairs in the body frame. Returns 0, or -1 on a bad body or vertex count.
ITT_EXPORT int32_t itt_b2_fixture_polygon(void* world, int32_t body, const float* xy, int32_t count, float density,
                               float friction, float restitution, uint16_t category, uint16_t mask) {
    b2Body* b = static_cast<World*>(world)->Body(body);
    if (!b || count < 3 || count > b2_maxPolygonVertices) return -1;
    b2Vec2 points[b2_maxPolygonVertices];
    for (int32_t i = 0; i < count; i++) points[i].Set(xy[2 * i], xy[2 * i + 1]);
    b2PolygonShape shape;
    shape.Set(points, count);
    b2FixtureDef def = FixtureDef(&shape, density, friction, restitution, category, mask);
    b->CreateFixture(&def);
    return 0;
}

ITT_EXPORT int32_t itt_b2_fixture_edge(void* world, int32_t body, float x1, float y1, float x2, float y2, float density,
                            float friction, float restitution, uint16_t category, uint16_t mask) {
    b2Body* b = static_cast<World*>(world)->Body(body);
    if (!b) return -1;
    b2EdgeShape shape;
    shape.SetTwoSided(b2Vec2(x1, y1), b2Vec2(x2, y2));
    b2FixtureDef def = FixtureDef(&shape, density, friction, restitution, category, mask);
    b->CreateFixture(&def);
    return 0;
}

// Anchors are given in each body's frame and used as-is (no Initialize helper), as the lander needs.
ITT_EXPORT int32_t itt_b2_revolute_joint_create(void* world, int32_t body_a, int32_t body_b, const itt_revolute_def* d) {
    World* w = static_cast<World*>(world);
    b2Body* a = w->Body(body_a);
    b2Body* b = w->Body(body_b);
    if (!a || !b || !d) return -1;
    b2RevoluteJointDef def;
    def.bodyA = a;
    def.bodyB = b;
    def.localAnchorA.Set(d->anchor_ax, d->anchor_ay);
    def.localAnchorB.Set(d->anchor_bx, d->anchor_by);
    def.referenceAngle = d->reference_angle;
    def.enableLimit = d->enable_limit != 0;
    def.lowerAngle = d->lower_angle;
    def.upperAngle = d->upper_angle;
    def.enableMotor = d->enable_motor != 0;
    def.motorSpeed = d->motor_speed;
    def.maxMotorTorque = d->max_motor_torque;
    def.collideConnected = false;
    w->world.CreateJoint(&def);
    return 0;
}

ITT_EXPORT void itt_b2_body_apply_linear_impulse(void* world, int32_t body, float ix, float iy, float px, float py,
                                      int32_t wake) {
    if (b2Body* b = static_cast<World*>(world)->Body(body)) b->ApplyLinearImpulse(b2Vec2(ix, iy), b2Vec2(px, py), wake != 0);
}

ITT_EXPORT void itt_b2_body_apply_force_to_center(void* world, int32_t body, float fx, float fy, int32_t wake) {
    if (b2Body* b = static_cast<World*>(world)->Body(body)) b->ApplyForceToCenter(b2Vec2(fx, fy), wake != 0);
}

ITT_EXPORT int32_t itt_b2_body_get_state(void* world, int32_t body, itt_body_state* out) {
    World* w = static_cast<World*>(world);
    b2Body* b = w->Body(body);
    if (!b || !out) return -1;
    const b2Vec2& p = b->GetPosition();
    const b2Vec2& v = b->GetLinearVelocity();
    out->x = p.x;
    out->y = p.y;
    out->angle = b->GetAngle();
    out->vx = v.x;
    out->vy = v.y;
    out->omega = b->GetAngularVelocity();
    out->awake = b->IsAwake() ? 1 : 0;
    out->touching = w->flags[body].touching;
    out->touched = w->flags[body].touched;
    return 0;
}

// Teleports a body (origin position and angle), sets its velocities and wakes it; used to construct states.
ITT_EXPORT int32_t itt_b2_body_set_state(void* world, int32_t body, float x, float y, float angle, float vx, float vy,
                              float omega) {
    b2Body* b = static_cast<World*>(world)->Body(body);
    if (!b) return -1;
    b->SetTransform(b2Vec2(x, y), angle);
    b->SetLinearVelocity(b2Vec2(vx, vy));
    b->SetAngularVelocity(omega);
    b->SetAwake(true);
    return 0;
}

ITT_EXPORT void itt_b2_body_clear_touched(void* world, int32_t body) {
    World* w = static_cast<World*>(world);
    if (w->Body(body)) w->flags[body].touched = 0;
}

// Mass, rotational inertia about the centre of mass, and the centre of mass in the body frame.
ITT_EXPORT int32_t itt_b2_body_get_mass(void* world, int32_t body, float* mass, float* inertia, float* cx, float* cy) {
    b2Body* b = static_cast<World*>(world)->Body(body);
    if (!b) return -1;
    b2MassData m;
    b->GetMassData(&m);
    *mass = m.mass;
    *inertia = m.I - m.mass * b2Dot(m.center, m.center);
    *cx = m.center.x;
    *cy = m.center.y;
    return 0;
}

}  // extern "C"
