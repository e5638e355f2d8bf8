"""The knowledge desk service: the staff console's window onto the knowledge base.

A small HTTP app (``desk.app:create_app``) that uploads, lists and removes documents, shows and reviews
their extracted facts and keeps the FAQ, through the ``knowledge`` facade only. It runs in its own process
next to the action servers, bound to 127.0.0.1 and guarded by a shared secret; the gateway's
``/console/api/documents`` and ``/console/api/faq`` routes check the staff role and forward here
(docs/console.md explains why it is a service and not gateway code: ``connectors`` never imports
``knowledge``). Every change lands in the KB store and bumps its generation, so each action server picks
it up on its next question.
"""
