"""The demo's people inside the emulator: the bot, a user per person, the delegation's group and the
coordinators' chat. The emulator keeps nothing between runs, so this is built at every start, always in
the same order (the emulator numbers groups in creation order, so their ids come out the same)."""

from __future__ import annotations

from dataclasses import dataclass

from emulator import Emulator
from emulator.world import Bot, Chat, User
from sandbox import demo_data


@dataclass
class SandboxWorld:
    emulator: Emulator
    bot: Bot
    users: dict[int, User]
    group: Chat
    coordinators: Chat

    def chat_by_key(self, key: str) -> Chat:
        """A chat by the emulator's key: "private:<bot id>:<user id>" or a group's id."""
        world = self.emulator.world
        if key.startswith("private:"):
            _, bot_id, user_id = key.split(":")
            chat = world.private_chats.get((int(bot_id), int(user_id)))
        else:
            chat = world.groups.get(int(key))
        if chat is None:
            raise LookupError(f"no chat {key!r}")
        return chat

    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise LookupError(f"no sandbox person {user_id}") from None

    def chats_of(self, user: User) -> list[Chat]:
        """What this person sees in their chat list: the bot, then the groups they belong to."""
        chats = [user.private_chat(self.bot)]
        for group in (self.group, self.coordinators):
            member = group.member(user.id)
            if member is not None and member.is_present:
                chats.append(group)
        return chats


def build_world(emulator: Emulator) -> SandboxWorld:
    bot = emulator.add_bot(token=demo_data.SANDBOX_BOT_TOKEN, username=demo_data.SANDBOX_BOT_USERNAME,
                           first_name=demo_data.SANDBOX_BOT_NAME)
    users = {person.user_id: emulator.add_user(person.full_name, id=person.user_id, language_code="vi")
             for person in demo_data.PEOPLE}
    admin = users[demo_data.admin().user_id]
    group_members = [admin, *(users[p.user_id] for p in demo_data.PEOPLE
                              if p.in_group and users[p.user_id] is not admin)]
    group = emulator.add_supergroup(demo_data.GROUP_TITLE, members=group_members, bots=[bot], admins=[admin])
    coordinator_members = [admin, *(users[p.user_id] for p in demo_data.PEOPLE
                                    if p.in_coordinators_chat and users[p.user_id] is not admin)]
    coordinators = emulator.add_supergroup(demo_data.COORDINATORS_TITLE, members=coordinator_members, bots=[bot],
                                           admins=[admin])
    for person in demo_data.PEOPLE:
        if person.is_member:
            # Members joined through an invite long ago: they have written to the bot, so it may write to them.
            users[person.user_id].private_chat(bot).started = True
    return SandboxWorld(emulator=emulator, bot=bot, users=users, group=group, coordinators=coordinators)
