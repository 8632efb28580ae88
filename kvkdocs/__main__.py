from ._entry import main

if __name__ == "__main__":  # a worker started by a fork server or spawned imports this module again
    main()
